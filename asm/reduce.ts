// PLACEHOLDER: kernel family reduce — to be written.
export function placeholder_reduce(): void {}
