// PLACEHOLDER: kernel family sort — to be written.
export function placeholder_sort(): void {}
