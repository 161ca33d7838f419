/**
 * On Linux, Dawn needs a Vulkan driver (an ICD manifest); without one it prints warnings to
 * stderr and hands out an adapter that computes nothing. Native WebGPU packages are skipped
 * quietly when this says no driver is there.
 */
import { existsSync, readdirSync } from "node:fs";

/** True when a Vulkan ICD manifest is listed (VK_ICD_FILENAMES) or installed; always true off Linux. */
export function vulkanDriverPresent(platform: string, env: Record<string, string | undefined>): boolean {
  if (platform !== "linux") return true;
  const listed = (env.VK_ICD_FILENAMES ?? env.VK_DRIVER_FILES ?? "").split(":").filter(Boolean);
  if (listed.length > 0) return listed.some((f) => existsSync(f));
  const dirs = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];
  return dirs.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith(".json"));
    } catch {
      return false;
    }
  });
}
