// PLACEHOLDER: kernel family indexing — to be written.
export function placeholder_indexing(): void {}
