import { checkTemplateParam } from './shared/template-params';
const rows: string[][] = [];
for (let i = 0; i < 100000; i++) rows.push([`Customer ${i}`, `61${400000000 + i * 37}`, `a${i}@x.com`, `ORD-${i}`, `${i % 997}.5`]);
const cpu = (name: string, f: () => void) => { const a = process.cpuUsage(); f(); const b = process.cpuUsage(a); console.log(name, ((b.user + b.system) / 1000).toFixed(0)); };
const bad = /[\r\n\t]| {5}/;
for (let k = 0; k < 3; k++) {
  cpu('seen map', () => { const m = new Map<string, number>(); rows.forEach((r, i) => { if (!m.has(r[1]!)) m.set(r[1]!, i); }); });
  cpu('seen map numeric', () => { const m = new Map<number, number>(); rows.forEach((r, i) => { const n = Number(r[1]); if (!m.has(n)) m.set(n, i); }); });
  cpu('checkTemplateParam x3', () => { let n = 0; for (const r of rows) for (const c of [0, 3, 4]) if (checkTemplateParam(r[c]!) !== null) n++; });
  cpu('one regex x3', () => { let n = 0; for (const r of rows) for (const c of [0, 3, 4]) { const v = r[c]!; if (v.length > 1024 || bad.test(v) || v.trim() === '') n++; } });
}
