// PLACEHOLDER: kernel family conv — to be written.
export function placeholder_conv(): void {}
