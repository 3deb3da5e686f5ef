import { randomUUID } from 'node:crypto';
import { AwsError, paginate } from './aws-errors.js';
import type { CallerIdentity } from './moto-identity.js';

/** One CloudTrail management event, as LookupEvents returns it. */
export interface TrailEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: Date;
  readonly accountId: string;
  readonly region: string;
  readonly username: string;
  readonly accessKeyId?: string;
  readonly readOnly: boolean;
  readonly resources: ReadonlyArray<{ readonly resourceType: string; readonly resourceName: string }>;
  /** The full event record; LookupEvents returns it as a JSON string. */
  readonly record: Record<string, unknown>;
}

export interface ApiCallEvent {
  readonly caller: CallerIdentity;
  readonly eventName: string;
  readonly eventSource: string;
  readonly region: string;
  readonly requestParameters: Record<string, unknown>;
  readonly responseElements?: Record<string, unknown>;
  readonly resources?: TrailEvent['resources'];
  readonly eventTime?: Date;
}

/** Builds the event CloudTrail records for an API call, with the caller's `userIdentity`. */
export function apiCallEvent(call: ApiCallEvent): TrailEvent {
  const { caller } = call;
  const eventTime = call.eventTime ?? new Date();
  const eventId = randomUUID();
  const role = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(caller.canonicalArn);
  const userIdentity = role
    ? {
        type: 'AssumedRole',
        principalId: caller.userId,
        arn: caller.arn,
        accountId: caller.account,
        accessKeyId: caller.accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: caller.userId.split(':')[0],
            arn: caller.canonicalArn,
            accountId: caller.account,
            userName: role[1],
          },
          attributes: { creationDate: eventTime.toISOString(), mfaAuthenticated: 'false' },
        },
      }
    : { type: 'IAMUser', principalId: caller.userId, arn: caller.arn, accountId: caller.account, accessKeyId: caller.accessKeyId, userName: caller.arn.split('/').pop() };
  const record = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: eventTime.toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: '127.0.0.1',
    userAgent: 'eks-emulator',
    requestParameters: call.requestParameters,
    responseElements: call.responseElements ?? null,
    requestID: randomUUID(),
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: caller.account,
  };
  return {
    eventId,
    eventName: call.eventName,
    eventSource: call.eventSource,
    eventTime,
    accountId: caller.account,
    region: call.region,
    username: caller.sessionName ?? caller.arn.split('/').pop() ?? caller.arn,
    accessKeyId: caller.accessKeyId,
    readOnly: false,
    resources: call.resources ?? [],
    record,
  };
}

const ATTRIBUTES: Record<string, (event: TrailEvent) => string[]> = {
  EventId: (event) => [event.eventId],
  EventName: (event) => [event.eventName],
  EventSource: (event) => [event.eventSource],
  Username: (event) => [event.username],
  AccessKeyId: (event) => (event.accessKeyId ? [event.accessKeyId] : []),
  ReadOnly: (event) => [String(event.readOnly)],
  ResourceName: (event) => event.resources.map((resource) => resource.resourceName),
  ResourceType: (event) => event.resources.map((resource) => resource.resourceType),
};

function toSeconds(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) / 1000 : undefined;
}

interface LookupInput {
  LookupAttributes?: Array<{ AttributeKey?: string; AttributeValue?: string }>;
  StartTime?: number | string;
  EndTime?: number | string;
  MaxResults?: number;
  NextToken?: string;
}

/** Serves CloudTrail LookupEvents over the events of the caller's account and region, newest first. */
export function lookupEvents(events: readonly TrailEvent[], caller: CallerIdentity, region: string, input: LookupInput): unknown {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw new AwsError(400, 'InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  }
  const [attribute] = attributes;
  const read = attribute ? ATTRIBUTES[attribute.AttributeKey ?? ''] : undefined;
  if (attribute && !read) {
    throw new AwsError(400, 'InvalidLookupAttributesException', `Invalid attribute key: ${attribute.AttributeKey}`);
  }
  const start = toSeconds(input.StartTime);
  const end = toSeconds(input.EndTime);
  const found = events
    .filter((event) => event.accountId === caller.account && event.region === region)
    .filter((event) => !read || read(event).includes(attribute?.AttributeValue ?? ''))
    .filter((event) => start === undefined || event.eventTime.getTime() / 1000 >= start)
    .filter((event) => end === undefined || event.eventTime.getTime() / 1000 <= end)
    .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime());
  const { page, nextToken } = paginate(found, input.MaxResults, input.NextToken, 50);
  return {
    Events: page.map((event) => ({
      EventId: event.eventId,
      EventName: event.eventName,
      ReadOnly: String(event.readOnly),
      AccessKeyId: event.accessKeyId,
      EventTime: event.eventTime.getTime() / 1000,
      EventSource: event.eventSource,
      Username: event.username,
      Resources: event.resources.map((resource) => ({ ResourceType: resource.resourceType, ResourceName: resource.resourceName })),
      CloudTrailEvent: JSON.stringify(event.record),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
