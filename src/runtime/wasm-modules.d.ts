/** A `.wasm` import in workerd (and wrangler): the compiled module, as a module binding. */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
