/* eslint-disable no-console -- a command-line tool: the printed YAML is its output */
import { stringify } from 'yaml';
import { proposeYear } from '../modules/calendar/calendar-proposal.js';

const arg = process.argv[2];
const year = Number(arg);
if (!arg || !Number.isInteger(year)) {
  console.error('Cách dùng: npm run calendar:propose -- <năm>   (ví dụ: npm run calendar:propose -- 2028)');
  process.exit(2);
}
try {
  const days = proposeYear(year);
  console.log(`# Đề xuất lịch nghỉ năm ${year} theo BLLĐ 2019 và âm lịch Việt Nam (UTC+7).`);
  console.log('# Đối chiếu với quyết định chính thức (Tết, ngày liền kề 2/9, hoán đổi ngày làm việc), sửa và đặt');
  console.log(`# confirmed: true cho từng ngày đã xác minh, rồi lưu thành workflows/calendars/vn/${year}.yaml.`);
  process.stdout.write(stringify({ year, note: 'Đề xuất, chờ quyết định chính thức.', days }, { lineWidth: 0 }));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
