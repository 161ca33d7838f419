// PLACEHOLDER: ops of this family — to be written.
export {};
