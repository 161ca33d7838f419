/**
 * The bench's outputs: the text table (per workload, every runner with ms, GFLOP/s or GB/s,
 * the fraction of the measured WASM SIMD peak, and for kiln the ratio to the best peer of the
 * same thread count), the JSON file (--json) and a self-contained HTML page with SVG charts
 * (--html: GFLOP/s against matmul size for each runner, bars for conv2d and softmax).
 */
import { work, type Workload } from "./workloads.ts";

export interface Result {
  workload: string;
  runner: string;
  threads: number;
  /** Mean seconds per run; null when the runner could not run it. */
  sec: number | null;
  rme?: number;
  runs?: number;
  note?: string;
}

export interface Report {
  date: string;
  quick: boolean;
  host: string;
  peakGflops: number | null;
  gpu: string | null;
  results: Result[];
}

const isKiln = (r: Result) => r.runner.startsWith("kiln");

export function rate(w: Workload, sec: number): number {
  const k = work(w);
  return k.amount / sec / k.scale;
}

/** kiln's rate over the best peer's with the same thread count (null when there is none). */
export function vsBestPeer(rep: Report, w: Workload, r: Result): number | null {
  if (r.sec === null) return null;
  const peers = rep.results.filter((p) => p.workload === w.id && !isKiln(p) && p.sec !== null && p.threads === r.threads);
  if (peers.length === 0) return null;
  const best = Math.min(...peers.map((p) => p.sec!));
  return best / r.sec;
}

export function table(rep: Report, workloads: Workload[]): string {
  const head = ["workload", "runner", "threads", "ms", "rate", "% peak", "vs best peer"];
  const rows: string[][] = [];
  for (const w of workloads) {
    const rs = rep.results.filter((r) => r.workload === w.id);
    if (rs.length === 0) continue;
    const unit = work(w).unit;
    rs.forEach((r, i) => {
      const g = r.sec === null ? null : rate(w, r.sec);
      const ratio = isKiln(r) ? vsBestPeer(rep, w, r) : null;
      rows.push([
        i === 0 ? w.label : "",
        r.runner,
        String(r.threads),
        r.sec === null ? "" : (r.sec * 1e3).toFixed(3),
        r.sec === null ? (r.note ?? "n/a") : `${g!.toFixed(unit === "samples/s" ? 0 : 2)} ${unit}${r.runs === 1 ? " (1 run)" : ""}`,
        g !== null && unit === "GFLOP/s" && rep.peakGflops ? `${((100 * g) / (rep.peakGflops * r.threads)).toFixed(0)}%` : "",
        ratio === null ? "" : `${ratio.toFixed(2)}x`,
      ]);
    });
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const fmt = (c: string[]) => c.map((s, i) => (i === 3 || i === 5 || i === 6 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join("  ").trimEnd();
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n");
}

export function json(rep: Report, workloads: Workload[]): string {
  const results = rep.results.map((r) => {
    const w = workloads.find((x) => x.id === r.workload)!;
    const g = r.sec === null ? null : rate(w, r.sec);
    return { ...r, label: w.label, unit: work(w).unit, rate: g, vsBestPeer: isKiln(r) ? vsBestPeer(rep, w, r) : null };
  });
  return JSON.stringify({ ...rep, results }, null, 2) + "\n";
}

const COLORS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e67700", "#0c8599", "#c2255c", "#5c940d"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** An SVG line chart of GFLOP/s against matmul size (log2 x axis), one line per runner. */
function matmulChart(rep: Report, workloads: Workload[]): string {
  const sq = workloads.filter((w) => w.kind === "matmul" && w.square);
  const series = new Map<string, [number, number][]>();
  for (const w of sq) {
    for (const r of rep.results.filter((x) => x.workload === w.id && x.sec !== null)) {
      const key = `${r.runner} (${r.threads}t)`;
      if (!series.has(key)) series.set(key, []);
      series.get(key)!.push([w.kind === "matmul" ? w.square! : 0, rate(w, r.sec!)]);
    }
  }
  const W = 640, H = 320, L = 50, B = 30;
  const xs = sq.map((w) => (w.kind === "matmul" ? w.square! : 0));
  if (xs.length === 0 || series.size === 0) return "<p>no matmul results</p>";
  const ymax = Math.max(1, ...[...series.values()].flat().map((p) => p[1])) * 1.1;
  const x = (n: number) => L + ((Math.log2(n) - Math.log2(xs[0]!)) / Math.max(1, Math.log2(xs[xs.length - 1]!) - Math.log2(xs[0]!))) * (W - L - 160);
  const y = (g: number) => H - B - (g / ymax) * (H - B - 10);
  let svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">`;
  svg += `<line x1="${L}" y1="${H - B}" x2="${W - 150}" y2="${H - B}" stroke="#888"/><line x1="${L}" y1="10" x2="${L}" y2="${H - B}" stroke="#888"/>`;
  for (const n of xs) svg += `<text x="${x(n)}" y="${H - 12}" text-anchor="middle">${n}</text>`;
  for (let t = 0; t <= 4; t++) {
    const g = (ymax * t) / 4;
    svg += `<text x="${L - 4}" y="${y(g) + 4}" text-anchor="end">${g.toFixed(0)}</text>`;
  }
  if (rep.peakGflops) svg += `<line x1="${L}" y1="${y(rep.peakGflops)}" x2="${W - 150}" y2="${y(rep.peakGflops)}" stroke="#aaa" stroke-dasharray="4"/><text x="${W - 148}" y="${y(rep.peakGflops) + 4}">WASM SIMD peak (1t)</text>`;
  let i = 0;
  for (const [name, pts] of series) {
    const c = COLORS[i % COLORS.length]!;
    svg += `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map(([n, g]) => `${x(n)},${y(g)}`).join(" ")}"/>`;
    svg += `<text x="${W - 148}" y="${20 + 14 * i}" fill="${c}">${esc(name)}</text>`;
    i++;
  }
  return svg + `<text x="${(W - 150) / 2}" y="${H}" text-anchor="middle">matmul n (n x n @ n x n), GFLOP/s</text></svg>`;
}

/** Horizontal bars: one group per workload of `kind`, one bar per runner. */
function bars(rep: Report, workloads: Workload[], kind: Workload["kind"]): string {
  const ws = workloads.filter((w) => w.kind === kind);
  const rows: { label: string; g: number; unit: string }[] = [];
  for (const w of ws) {
    for (const r of rep.results.filter((x) => x.workload === w.id && x.sec !== null)) {
      rows.push({ label: `${w.label} · ${r.runner} (${r.threads}t)`, g: rate(w, r.sec!), unit: work(w).unit });
    }
  }
  if (rows.length === 0) return "";
  const max = Math.max(...rows.map((r) => r.g));
  const W = 760, rowH = 16;
  let svg = `<svg width="${W}" height="${rows.length * rowH + 10}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">`;
  rows.forEach((r, i) => {
    const w = ((W - 420) * r.g) / max;
    svg += `<text x="0" y="${i * rowH + 12}">${esc(r.label)}</text><rect x="360" y="${i * rowH + 3}" width="${w}" height="${rowH - 4}" fill="${r.label.includes("kiln") ? COLORS[0] : COLORS[1]}"/><text x="${364 + w}" y="${i * rowH + 12}">${r.g.toFixed(2)} ${r.unit}</text>`;
  });
  return svg + "</svg>";
}

export function html(rep: Report, workloads: Workload[]): string {
  return `<!doctype html><meta charset="utf-8"><title>kiln bench</title>
<style>body{font-family:sans-serif;margin:2em;max-width:900px}pre{font-size:12px}</style>
<h1>kiln bench</h1><p>${esc(rep.date)} · ${esc(rep.host)} · WASM SIMD peak ${rep.peakGflops?.toFixed(1) ?? "n/a"} GFLOP/s per thread · GPU: ${esc(rep.gpu ?? "none")}${rep.quick ? " · quick run" : ""}</p>
<h2>matmul</h2>${matmulChart(rep, workloads)}
<h2>conv2d</h2>${bars(rep, workloads, "conv2d")}
<h2>softmax</h2>${bars(rep, workloads, "softmax")}
<h2>table</h2><pre>${esc(table(rep, workloads))}</pre>`;
}
