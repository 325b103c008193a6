const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a route parameter can be a record id at all (anything else is answered 404 without a query). */
export const isUuid = (s: string): boolean => UUID.test(s);
