import writeExcelFile from 'write-excel-file/node';
import { readSpreadsheet } from './main/core/campaigns/spreadsheet';
const data: (string | number)[][] = [['Name', 'Mobile', 'Email', 'Order', 'Amount']];
for (let i = 0; i < 100000; i++) data.push([`Customer ${i}`, 61400000000 + i * 37, `a${i}@x.com`, `ORD-${i}`, (i % 997) + 0.5]);
const bytes = await writeExcelFile(data as never).toBuffer();
console.log('xlsx MB', (bytes.length / 1e6).toFixed(1));
for (let k = 0; k < 2; k++) { const t = performance.now(); const s = await readSpreadsheet(bytes); console.log('read ms', (performance.now() - t).toFixed(0), s.table.rows.length, s.table.rows[5]); }
