import type { RegistrantResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

/** A meeting registrant: the parent is an item of `GET /meetings/{meetingId}/registrants`. */
export const Registrant: RegistrantResolvers = {
  id: (registrant) => registrant.id,
  email: (registrant) => registrant.email,
  firstName: (registrant) => registrant.first_name,
  lastName: (registrant) => orNull(registrant.last_name),
  status: (registrant) => orNull(registrant.status),
  createdAt: (registrant) => orNull(registrant.create_time),
  joinUrl: (registrant) => orNull(registrant.join_url),
  city: (registrant) => orNull(registrant.city),
  country: (registrant) => orNull(registrant.country),
  organization: (registrant) => orNull(registrant.org),
  jobTitle: (registrant) => orNull(registrant.job_title),
  phone: (registrant) => orNull(registrant.phone),
  comments: (registrant) => orNull(registrant.comments),
  customQuestions: (registrant) => registrant.custom_questions ?? [],
};
