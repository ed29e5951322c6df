export { maxPeriodDays, type Period, periodInstants, periodSchema, recentPeriod } from "./period";
