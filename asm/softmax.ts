// PLACEHOLDER: kernel family softmax — to be written.
export function placeholder_softmax(): void {}
