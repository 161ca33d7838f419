// PLACEHOLDER: kernel family random — to be written.
export function placeholder_random(): void {}
