/** Every queue in one place (design.md decision 6). */
export enum QueueName {
  Maintenance = 'maintenance',
  Deadlines = 'deadlines',
  Notifications = 'notifications',
  Reports = 'reports',
}
