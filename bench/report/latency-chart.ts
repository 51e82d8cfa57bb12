/** One concurrency level of the sweep. */
export interface SweepPoint {
  customers: number;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/** One kind of load across the levels; a dashed series is told apart from a solid one. */
export interface ChartSeries {
  label: string;
  points: SweepPoint[];
  dashed: boolean;
}

const WIDTH = 820;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 190, bottom: 56, left: 78 };
const SERIES = [
  { key: "p50", color: "#2b7bb9" },
  { key: "p95", color: "#e08a1e" },
  { key: "p99", color: "#c0392b" },
] as const;

/**
 * A hand-written SVG: p50/p95/p99 turn latency against concurrent customers, one polyline per
 * percentile and kind of load (closed loop solid, human pace dashed). The x axis is
 * logarithmic (levels like 50…1000 would crowd at the left otherwise).
 */
export function drawLatencyChart(series: ChartSeries[], subtitle: string, targetP99Ms: number): string {
  const drawn = series.filter((s) => s.points.length > 0);
  const levels = [...new Set(drawn.flatMap((s) => s.points.map((p) => p.customers)))].sort((a, b) => a - b);
  const allPoints = drawn.flatMap((s) => s.points);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const minX = Math.log10(levels[0] ?? 1);
  const maxX = Math.log10(levels[levels.length - 1] ?? 10);
  const spanX = maxX - minX || 1;
  const x = (customers: number) => Number((MARGIN.left + ((Math.log10(customers) - minX) / spanX) * plotW).toFixed(1));
  const yTicks = niceTicks(Math.max(targetP99Ms, ...allPoints.map((p) => p.p99)));
  const maxY = yTicks[yTicks.length - 1]!;
  const y = (ms: number) => Number((MARGIN.top + plotH - (ms / maxY) * plotH).toFixed(1));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">chatflow turn latency vs concurrency</text>`,
    `<text x="${MARGIN.left}" y="38" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e4e4e4"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`,
    );
  }
  for (const customers of levels) {
    parts.push(
      `<line x1="${x(customers)}" x2="${x(customers)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`,
      `<text x="${x(customers)}" y="${MARGIN.top + plotH + 19}" text-anchor="middle">${customers}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">concurrent customers (log scale)</text>`,
    `<text transform="translate(20 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">turn latency, send → end frame (ms)</text>`,
  );
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(targetP99Ms)}" y2="${y(targetP99Ms)}" stroke="#c0392b" stroke-dasharray="6 4" opacity="0.6"/>`,
    `<text x="${MARGIN.left + 6}" y="${y(targetP99Ms) - 5}" fill="#c0392b">p99 target ${targetP99Ms} ms</text>`,
  );
  let legendRow = 0;
  for (const { label, points, dashed } of drawn) {
    const ordered = [...points].sort((a, b) => a.customers - b.customers);
    for (const { key, color } of SERIES) {
      const coords = ordered.map((p) => `${x(p.customers)},${y(p[key])}`);
      const dash = dashed ? ` stroke-dasharray="7 4"` : "";
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${coords.join(" ")}"/>`);
      for (const c of coords) {
        const [cx, cy] = c.split(",");
        const fill = dashed ? "white" : color;
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`);
      }
      const legendY = MARGIN.top + 10 + legendRow++ * 20;
      parts.push(
        `<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 40}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${dash}/>`,
        `<text x="${WIDTH - MARGIN.right + 46}" y="${legendY + 4}">${key}, ${escapeXml(label)}</text>`,
      );
    }
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** 0 and round steps (1, 2 or 5 × 10ⁿ) up to at least `max`: about five gridlines. */
function niceTicks(max: number): number[] {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = 0; ticks.length < 12; tick += step) {
    ticks.push(Number(tick.toPrecision(6)));
    if (tick >= max) break;
  }
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
