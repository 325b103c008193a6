import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** The server's Vietnamese message as it is, with the fields it names listed. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', error instanceof Error ? error.message : String(error));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={e.message}
      description={
        e.fields.length ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {e.fields.map((f) => (
              <li key={f.field + f.message}>
                <b>{f.field}</b>: {f.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

/** Marks the form's fields that the server named in a 400 (`applicant.idNumber` → ['applicant', 'idNumber']). */
export function highlightFields(form: FormInstance, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  form.setFields(
    error.fields
      .map((f) => ({ name: f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] }))
      .filter((f) => known.has(String(f.name[0]))),
  );
}
