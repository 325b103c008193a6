import { UserEntity } from '../modules/users/user.entity.js';

/** Every TypeORM entity, registered once for both database modes. */
export const ENTITIES = [UserEntity];
