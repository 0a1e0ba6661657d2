/** Zoom's reports in the graph: a user's meeting report over any range (month windows merged), the daily usage. */
export { dailyUsage, meetingReport } from './meeting-report.ts';
export { resolveWindowedConnection, windowedCallLimit, type WindowedConnection, type WindowedConnectionOptions } from './windowed-connection.ts';
