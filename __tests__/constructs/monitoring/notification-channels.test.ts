import {
  NotificationChannels,
  type NotificationChannelsProps,
} from "../../../constructs/monitoring/notification-channels";
import { resourceByPath } from "../../support/logical-ids";
import { constructTestStack, resourcesOf, synth, type SynthesizedStack } from "../../support/synth";

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
      webhook: {
        url: "https://hooks.example.com/alerts",
        authToken: { secretId: "webhook-token", version: "3" },
      },
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
    const pd = resourceByPath(json, "google_monitoring_notification_channel", "channels/pagerduty");
    expect(pd.type).toBe("pagerduty");
    const data = json.data?.google_secret_manager_secret_version ?? {};
    const [dataId, source] = Object.entries(data).find(([id]) => id.includes("pagerduty"))!;
    expect(source.secret).toBe("pagerduty-service-key");
    expect(source.version).toBe("latest");
    expect(pd.sensitive_labels).toEqual({
      service_key: `\${data.google_secret_manager_secret_version.${dataId}.secret_data}`,
    });
  });

  test("SEC-6: webhook auth token comes from Secret Manager, never a literal", () => {
    const hook = resourceByPath(json, "google_monitoring_notification_channel", "channels/webhook");
    expect(hook.type).toBe("webhook_tokenauth");
    expect(hook.labels).toEqual({ url: "https://hooks.example.com/alerts" });
    const data = json.data?.google_secret_manager_secret_version ?? {};
    const [dataId, source] = Object.entries(data).find(([id]) => id.includes("webhook"))!;
    expect(source.secret).toBe("webhook-token");
    expect(source.version).toBe("3");
    expect(hook.sensitive_labels).toEqual({
      auth_token: `\${data.google_secret_manager_secret_version.${dataId}.secret_data}`,
    });
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

  test("refuses a plain-http webhook", () => {
    expect(() =>
      build({ webhook: { url: "http://hooks.example.com", authToken: { secretId: "t-1" } } }),
    ).toThrow('NotificationChannels: webhook.url: got "http://hooks.example.com"; must be an https:// URL');
  });

  test("refuses something that is not a secret id (e.g. a pasted key)", () => {
    expect(() => build({ pagerDuty: { serviceKey: { secretId: "abc def/ghi" } } })).toThrow(
      'NotificationChannels: pagerduty-service-key.secretId: got "abc def/ghi"; must be a Secret Manager secret id',
    );
  });
});
