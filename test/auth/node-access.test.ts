import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

/** `node`/`nodes` for a member (issue 11 item 2): its own objects, and one NOT_FOUND for another's and a missing one. */
describe('node / nodes as a member', () => {
  let gw: SecuredGateway;
  let ownInstance: string;

  beforeAll(async () => {
    gw = await startSecuredGateway();
    const { body } = await gw.graphql('{ me { meetings(first: 300) { nodes { lastInstance { id } } } } }', 'member');
    ownInstance = (body.data.me.meetings.nodes as Array<{ lastInstance: { id: string } | null }>).find((node) => node.lastInstance !== null)?.lastInstance?.id ?? '';
    expect(ownInstance).not.toBe('');
  });
  afterAll(async () => {
    await gw?.close();
  });

  // Each answer names its own request (extensions.requestId); everything else must be the same.
  const answerOf = (body: any) => ({
    data: body.data,
    errors: body.errors?.map(({ message, extensions: { requestId: _requestId, cost: _cost, ...extensions } }: any) => ({ message, extensions })),
  });

  it('reads its own user, meeting and ended instance, by id and by email binding', async () => {
    const ids = [gw.people.owner.id, gw.people.owner.meetingId, ownInstance];
    for (const key of ['member', 'memberByEmail'] as const) {
      const { body } = await gw.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', key, { ids });
      expect(body.errors).toBeUndefined();
      expect(body.data.nodes).toEqual([
        { __typename: 'User', id: ids[0] },
        { __typename: 'Meeting', id: ids[1] },
        { __typename: 'PastMeeting', id: ids[2] },
      ]);
    }
  });

  for (const [kind, theirs, missing] of [
    ['user', () => gw.people.other.id, () => 'NoSuchUserId00000000zz'],
    ['meeting', () => gw.people.other.meetingId, () => '99999999999'],
    ['past meeting', () => gw.people.other.meetingId, () => 'AAAAAAAAAAAAAAAAAAAAAA=='],
  ] as const) {
    it(`${kind}: one NOT_FOUND for another's and for a missing one, through node and nodes`, async () => {
      const query = 'query ($id: ID!) { node(id: $id) { id ... on User { email } ... on Meeting { startUrl } } }';
      const [other, absent] = [await gw.graphql(query, 'member', { id: theirs() }), await gw.graphql(query, 'member', { id: missing() })];
      expect(other.body.errors[0].extensions.code).toBe('NOT_FOUND');
      // The past-meeting case asks for another's meeting by id: a Meeting, refused like a missing instance.
      if (kind !== 'past meeting') expect(answerOf(other.body)).toEqual(answerOf(absent.body));
      expect(answerOf(absent.body).errors).toEqual(answerOf(other.body).errors);
      expect(JSON.stringify(other.body)).not.toMatch(/zoomCode|FORBIDDEN|@/);
      const listed = await gw.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'member', { ids: [theirs(), gw.people.owner.meetingId] });
      expect(listed.body.data.nodes).toEqual([null, { id: gw.people.owner.meetingId }]);
      expect(listed.body.errors.map((error: any) => [error.path, error.extensions.code])).toEqual([[['nodes', 0], 'NOT_FOUND']]);
    });
  }
});
