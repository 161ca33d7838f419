// PLACEHOLDER: kernel family unary — to be written.
export function placeholder_unary(): void {}
