import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('PastMeeting', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('participants of an instance walk every page without duplicates, with guests and outside emails as null', async () => {
    const listed = await gateway.execute('{ me { meetings(first: 50) { nodes { lastInstance { uuid participantsCount } } } } }');
    const instance = (listed.data?.me.meetings.nodes as Array<{ lastInstance: { uuid: string } | null }>)
      .map((meeting) => meeting.lastInstance)
      .find((past) => past !== null);
    expect(instance).toBeDefined();
    const uuid = instance?.uuid ?? '';
    const all = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { participantsCount startTime endTime duration totalMinutes hostName
        participants(first: 300) { totalCount nodes { id name userId email joinTime leaveTime duration status } } } }`,
      { uuid },
    );
    expect(all.errors).toBeUndefined();
    const everyone = all.data?.pastMeeting.participants.nodes as Array<{ userId: string | null; name: string; email: string | null }>;
    expect(everyone.length).toBe(all.data?.pastMeeting.participants.totalCount);
    for (const participant of everyone) expect(participant.email === null || participant.email.includes('@')).toBe(true);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const next: { data?: any; errors?: unknown } = await gateway.execute(
        'query ($uuid: ID!, $after: String) { pastMeeting(id: $uuid) { participants(first: 3, after: $after) { nodes { name joinTime } pageInfo { hasNextPage endCursor } } } }',
        { uuid, after },
      );
      expect(next.errors).toBeUndefined();
      const connection = next.data.pastMeeting.participants;
      seen.push(...connection.nodes.map((p: { name: string; joinTime: string }) => `${p.name}@${p.joinTime}`));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(everyone.map((p: any) => `${p.name}@${p.joinTime}`));
  });
});
