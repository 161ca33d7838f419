// PLACEHOLDER: kernel family binary — to be written.
export function placeholder_binary(): void {}
