import type { RuleSet } from '../../workflow-engine/rule-set.js';

/**
 * The documents a dossier may have, by the keys the API uses (`/forms/<key>`): the forms of TT 03/2025 Phụ lục I by
 * their number there, and the written notice of a denial after appraisal (`denial`), which is no numbered form (form
 * 03 is the refusal at the counter, before a dossier exists).
 */
export const FORM_KEYS = ['01', '02', '03', '04', '05', '06', 'denial'] as const;
export type FormKey = (typeof FORM_KEYS)[number];

type Label = { number: string | null; title: string };

/**
 * Each key's number and title in the dossier's rule set (`forms`): a dossier received under the old rule set prints
 * with that circular's numbering. TT 01/2018's are as we recall its Phụ lục (04 "phiếu xin lỗi và hẹn lại", 05 the
 * control slip, 06 the register; no stop notice): to check against the circular's text (docs/DOSSIERS.md).
 */
const LABELS: Record<RuleSet['forms']['value'], Record<FormKey, Label>> = {
  'tt03-2025': {
    '01': { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
    '02': { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
    '03': { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
    '04': { number: '04', title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT' },
    '05': { number: '05', title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ' },
    '06': { number: '06', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
    denial: { number: null, title: 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ' },
  },
  'tt01-2018': {
    '01': { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
    '02': { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
    '03': { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
    '04': { number: '04', title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ' },
    '05': { number: null, title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ' },
    '06': { number: '05', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
    denial: { number: null, title: 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ' },
  },
};

export const formLabel = (forms: RuleSet['forms']['value'], key: FormKey): Label => LABELS[forms][key];
