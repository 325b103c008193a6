import bcrypt from 'bcryptjs';

const COST = 10;

export const hashPassword = (plain: string): Promise<string> => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string): Promise<boolean> => bcrypt.compare(plain, hash);

/** Compared against when the user does not exist, so a wrong username costs as much time as a wrong password. */
export const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', COST);
