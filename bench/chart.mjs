// Draws bench/chart.svg from the results: per workload, per size class, the speed of this
// library relative to each peer (events/s ours ÷ events/s peer; above 1 = we are faster),
// with the issue's target as a dashed line.

const PEERS = [
  ["floor", "#6b7280", "plain JS floor"],
  ["octokit", "#2563eb", "@octokit/webhooks"],
  ["ajv", "#d97706", "ajv + floor router"],
  ["careful", "#059669", "careful JS consumer (key first)"],
];
// Issue 9's targets, as dashed lines.
const PANELS = [
  ["all-string", "All handled — string bodies", { floor: 0.5 }],
  ["all-bytes", "All handled — byte bodies", { floor: 0.85 }],
  ["few-string", "Subscribed to **, 5 names handled — strings", { careful: 0.6 }],
  ["few-bytes", "Subscribed to **, 5 names handled — bytes", { careful: 0.9 }],
];

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");

function panel(x0, y0, w, h, title, variant, goals) {
  const out = [];
  const classes = variant.classes;
  const ratios = classes.flatMap((c) => PEERS.map(([p]) => c.ratios[p]?.median ?? 0));
  const top = Math.max(1.2, ...ratios, ...Object.values(goals)) * 1.15;
  const left = x0 + 40;
  const bottom = y0 + h - 30;
  const plotH = h - 60;
  const y = (v) => bottom - (v / top) * plotH;
  out.push(`<text x="${x0 + w / 2}" y="${y0 + 16}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  // Axis and grid.
  const step = top > 6 ? 2 : top > 3 ? 1 : 0.5;
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${left}" x2="${x0 + w - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v}×</text>`);
  }
  out.push(`<line x1="${left}" x2="${x0 + w - 10}" y1="${y(1)}" y2="${y(1)}" stroke="#111827" stroke-width="1.2"/>`);
  const groupW = (x0 + w - 10 - left) / classes.length;
  const barW = Math.min(34, (groupW - 24) / PEERS.length);
  classes.forEach((c, gi) => {
    const gx = left + gi * groupW + (groupW - barW * PEERS.length) / 2;
    PEERS.forEach(([peer, color], pi) => {
      const r = c.ratios[peer];
      if (!r) return;
      const bx = gx + pi * barW;
      out.push(`<rect x="${bx + 2}" y="${y(r.median)}" width="${barW - 4}" height="${bottom - y(r.median)}" fill="${color}"><title>${esc(`${c.class} ${peer}: ${r.median.toFixed(2)}× (${r.p10.toFixed(2)}–${r.p90.toFixed(2)})`)}</title></rect>`);
      out.push(`<line x1="${bx + barW / 2}" x2="${bx + barW / 2}" y1="${y(r.p10)}" y2="${y(Math.min(r.p90, top))}" stroke="#111827" stroke-width="1"/>`);
      out.push(`<text x="${bx + barW / 2}" y="${y(r.median) - 4}" text-anchor="middle" font-size="10">${r.median.toFixed(2)}</text>`);
      if (goals[peer] !== undefined) {
        out.push(`<line x1="${bx}" x2="${bx + barW}" y1="${y(goals[peer])}" y2="${y(goals[peer])}" stroke="#dc2626" stroke-width="2" stroke-dasharray="4 2"/>`);
      }
    });
    out.push(`<text x="${left + gi * groupW + groupW / 2}" y="${bottom + 16}" text-anchor="middle" font-size="11">${esc(c.label)}</text>`);
  });
  return out.join("\n");
}

export function drawChart(results) {
  const W = 1000;
  const PH = 300;
  const parts = [];
  PANELS.forEach(([id, title, goals], i) => {
    const variant = results.throughput[id];
    if (!variant) return;
    parts.push(panel((i % 2) * (W / 2), 40 + Math.floor(i / 2) * PH, W / 2, PH, title, variant, goals));
  });
  const legendY = 40 + 2 * PH + 10;
  const legend = PEERS.map(([, color, label], i) => `<rect x="${40 + i * 200}" y="${legendY}" width="14" height="14" fill="${color}"/><text x="${60 + i * 200}" y="${legendY + 12}">ours ÷ ${esc(label)}</text>`).join("");
  const goal = `<line x1="640" x2="670" y1="${legendY + 7}" y2="${legendY + 7}" stroke="#dc2626" stroke-width="2" stroke-dasharray="4 2"/><text x="676" y="${legendY + 12}">target</text>`;
  const note = `<text x="40" y="${legendY + 34}" font-size="11">events/s of enmeshed-events ÷ events/s of the peer, median of interleaved rounds; whiskers 10th–90th percentile; 1× = same speed. Node ${esc(results.machine.node)}, ${results.machine.cpus} cores.</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${legendY + 50}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">enmeshed-events vs peers: relative speed per size class</text>
${parts.join("\n")}
${legend}${goal}
${note}
</svg>
`;
}
