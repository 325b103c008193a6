/** Labels for the API's codes. Statuses and conditions come translated from the server (statusText). */
export const ROLE_TEXT: Record<string, string> = {
  admin: 'Quản trị',
  reception: 'Cán bộ tiếp nhận',
  specialist: 'Chuyên viên thụ lý',
  leader: 'Lãnh đạo',
  manager: 'Phụ trách Trung tâm',
  province_viewer: 'Theo dõi cấp tỉnh',
  importer: 'Nhập dữ liệu',
};

export const CHANNEL_TEXT: Record<string, string> = { direct: 'Trực tiếp', online: 'Trực tuyến', postal: 'Bưu chính' };

export const DOCUMENT_FORM_TEXT: Record<string, string> = { original: 'Bản chính', certified_copy: 'Bản sao chứng thực', copy: 'Bản sao' };

export const ONLINE_TEXT: Record<string, string> = {
  full: 'Dịch vụ công trực tuyến toàn trình',
  partial: 'Dịch vụ công trực tuyến một phần',
  none: 'Chỉ nộp trực tiếp hoặc qua bưu chính',
};

export const ACTION_TEXT: Record<string, string> = {
  complete_step: 'Hoàn thành bước, chuyển tiếp',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  receive_supplement: 'Nhận hồ sơ bổ sung',
  request_payment: 'Yêu cầu nộp phí, lệ phí',
  confirm_payment: 'Xác nhận đã nộp phí',
  approve: 'Phê duyệt kết quả',
  return_result: 'Trả kết quả',
  issue_apology: 'Xin lỗi, hẹn lại (mẫu 04)',
  extend_deadline: 'Gia hạn theo quy định',
  withdraw: 'Rút hồ sơ',
  stop: 'Dừng giải quyết',
  receive: 'Tiếp nhận hồ sơ',
  mark_overdue: 'Quá hạn',
  warn: 'Cảnh báo sắp đến hạn',
};

export const RESULT_TEXT: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

export const BADGE_COLOR: Record<string, string> = { on_time: 'green', warned: 'orange', overdue: 'red', apologized: 'purple', waiting: 'blue' };

export const RATING_TEXT: Record<string, string> = { very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', dissatisfied: 'Không hài lòng' };
