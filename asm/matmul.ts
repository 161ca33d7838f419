// PLACEHOLDER: kernel family matmul — to be written.
export function placeholder_matmul(): void {}
