import {
  NotificationChannels,
  type NotificationChannelsProps,
} from "../../../constructs/monitoring/notification-channels";
import {
  constructTestStack,
  resourcesOf,
  synth,
  type SynthesizedStack,
  resourceAt,
} from "../../support/synth";

function build(props: Partial<NotificationChannelsProps> = {}): {
  json: SynthesizedStack;
  channels: NotificationChannels;
} {
  const stack = constructTestStack();
  const channels = new NotificationChannels(stack, "channels", { emails: ["oncall@example.com"], ...props });
  return { json: synth(stack), channels };
}

describe("NotificationChannels", () => {
  let json: SynthesizedStack;
  let channels: NotificationChannels;
  beforeAll(() => {
    ({ json, channels } = build({
      emails: ["oncall@example.com", "security@example.com"],
      pagerDuty: { serviceKey: { secretId: "pagerduty-service-key" } },
      webhook: { urlWithToken: { secretId: "webhook-url", version: "3" } },
    }));
  });

  test("MON-1..8: one email channel per address", () => {
    const emails = Object.values(resourcesOf(json, "google_monitoring_notification_channel")).filter(
      (c) => c.type === "email",
    );
    expect(emails.map((c) => (c.labels as Record<string, string>).email_address)).toEqual([
      "oncall@example.com",
      "security@example.com",
    ]);
  });

  test("SEC-6: PagerDuty service key comes from Secret Manager, never a literal", () => {
    const pd = resourceAt(json, "google_monitoring_notification_channel", "channels/pagerduty");
    expect(pd.type).toBe("pagerduty");
    const data = json.data?.google_secret_manager_secret_version ?? {};
    const [dataId, source] = Object.entries(data).find(([id]) => id.includes("pagerduty"))!;
    expect(source.secret).toBe("pagerduty-service-key");
    expect(source.version).toBe("latest");
    expect(pd.sensitive_labels).toEqual({
      service_key: `\${data.google_secret_manager_secret_version.${dataId}.secret_data}`,
    });
  });

  test("SEC-6: webhook URL, which carries its token, comes from Secret Manager, never a literal", () => {
    const hook = resourceAt(json, "google_monitoring_notification_channel", "channels/webhook");
    expect(hook.type).toBe("webhook_tokenauth");
    const data = json.data?.google_secret_manager_secret_version ?? {};
    const [dataId, source] = Object.entries(data).find(([id]) => id.includes("webhook"))!;
    expect(source.secret).toBe("webhook-url");
    expect(source.version).toBe("3");
    expect(hook.labels).toEqual({
      url: `\${data.google_secret_manager_secret_version.${dataId}.secret_data}`,
    });
    // sensitive_labels.auth_token is for Slack channels only; webhook_tokenauth ignores it.
    expect(hook.sensitive_labels).toBeUndefined();
  });

  test("exposes every channel's id for team stacks", () => {
    expect(channels.channels).toHaveLength(4);
    expect(channels.ids).toHaveLength(4);
    for (const id of channels.ids) expect(id).toMatch(/^\$\{TfToken\[/);
  });

  test("no optional channel unless configured", () => {
    const { json: plain } = build();
    expect(
      Object.values(resourcesOf(plain, "google_monitoring_notification_channel")).map((c) => c.type),
    ).toEqual(["email"]);
    expect(plain.data?.google_secret_manager_secret_version).toBeUndefined();
  });
});

describe("NotificationChannels bad props", () => {
  test("refuses an empty email list", () => {
    expect(() => build({ emails: [] })).toThrow(
      "NotificationChannels: emails: got []; must list at least one email address",
    );
  });

  test("refuses a malformed email", () => {
    expect(() => build({ emails: ["not-an-email"] })).toThrow(
      'NotificationChannels: emails: got "not-an-email"; must be an email address',
    );
  });

  test("refuses a webhook URL pasted where its secret id belongs", () => {
    expect(() =>
      build({ webhook: { urlWithToken: { secretId: "https://hooks.example.com/?auth_token=x" } } }),
    ).toThrow(
      'NotificationChannels: webhook-url.secretId: got "https://hooks.example.com/?auth_token=x"; must be a Secret Manager secret id',
    );
  });

  test("refuses something that is not a secret id (e.g. a pasted key)", () => {
    expect(() => build({ pagerDuty: { serviceKey: { secretId: "abc def/ghi" } } })).toThrow(
      'NotificationChannels: pagerduty-service-key.secretId: got "abc def/ghi"; must be a Secret Manager secret id',
    );
  });
});

describe("NotificationChannels validates each field exactly", () => {
  const SECRET =
    "must be a Secret Manager secret id (1-255 letters, digits, '_' or '-') or projects/PROJECT/secrets/SECRET";
  it.each<[Partial<NotificationChannelsProps>, string]>([
    [
      { emails: ["a@example.com", "x a@example.com"] },
      'NotificationChannels: emails: got "x a@example.com"; must be an email address',
    ],
    [
      { emails: ["a@example.com x"] },
      'NotificationChannels: emails: got "a@example.com x"; must be an email address',
    ],
    [{ emails: ["a@example"] }, 'NotificationChannels: emails: got "a@example"; must be an email address'],
    [
      { pagerDuty: { serviceKey: { secretId: "key; x" } } },
      `NotificationChannels: pagerduty-service-key.secretId: got "key; x"; ${SECRET}`,
    ],
    [
      { pagerDuty: { serviceKey: { secretId: "x projects/p/secrets/key" } } },
      `NotificationChannels: pagerduty-service-key.secretId: got "x projects/p/secrets/key"; ${SECRET}`,
    ],
    [
      { webhook: { urlWithToken: { secretId: "projects/p/secrets/url x" } } },
      `NotificationChannels: webhook-url.secretId: got "projects/p/secrets/url x"; ${SECRET}`,
    ],
    [
      { webhook: { urlWithToken: { secretId: "url", version: "0" } } },
      'NotificationChannels: webhook-url.version: got "0"; must be "latest" or a version number',
    ],
    [
      { webhook: { urlWithToken: { secretId: "url", version: "latest; x" } } },
      'NotificationChannels: webhook-url.version: got "latest; x"; must be "latest" or a version number',
    ],
    [
      { webhook: { urlWithToken: { secretId: "url", version: "x 3" } } },
      'NotificationChannels: webhook-url.version: got "x 3"; must be "latest" or a version number',
    ],
  ])("refuses %j", (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it("accepts a full secret path and explicit versions; defaults to the latest version", () => {
    const { json } = build({
      pagerDuty: { serviceKey: { secretId: "projects/p/secrets/pd-key", version: "12" } },
      webhook: { urlWithToken: { secretId: "u".repeat(255) } },
    });
    const data = (json.data ?? {}).google_secret_manager_secret_version ?? {};
    expect(Object.values(data).map((d) => [d.secret, d.version])).toEqual([
      ["projects/p/secrets/pd-key", "12"],
      ["u".repeat(255), "latest"],
    ]);
  });
});
