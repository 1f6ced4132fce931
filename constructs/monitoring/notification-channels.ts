import { Construct } from "constructs";
import { DataGoogleSecretManagerSecretVersion } from "@cdktf/provider-google/lib/data-google-secret-manager-secret-version";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { InvalidPropError, isLiteral, requireMatch } from "../errors";

/**
 * A Secret Manager secret that already holds a channel's credential (created and filled out of
 * band). The construct reads its version with a data source: the value never appears in
 * configuration or the synthesized JSON, only in Terraform state, which is encrypted (STATE-1).
 */
export interface SecretReference {
  /** Secret id (`pagerduty-service-key`) or full name (`projects/P/secrets/S`). */
  readonly secretId: string;
  /**
   * Version to read.
   * @default "latest"
   */
  readonly version?: string;
}

/** A PagerDuty service (Events API v1 integration key). */
export interface PagerDutyChannelProps {
  /** Secret holding the PagerDuty service (integration) key. */
  readonly serviceKey: SecretReference;
}

/**
 * A token-authenticated webhook (`webhook_tokenauth`). Cloud Monitoring carries the token in the
 * endpoint URL's query string (`sensitive_labels.auth_token` exists only for Slack), so the whole URL
 * is the credential and lives in Secret Manager.
 */
export interface WebhookChannelProps {
  /** Secret holding the full https:// endpoint URL including its token, e.g. `...?auth_token=...`. */
  readonly urlWithToken: SecretReference;
}

export interface NotificationChannelsProps {
  /** Email addresses; one channel each. At least one, so every alert reaches a person. */
  readonly emails: readonly string[];
  /**
   * A PagerDuty service that pages the on-call engineer.
   * @default no PagerDuty channel
   */
  readonly pagerDuty?: PagerDutyChannelProps;
  /**
   * A token-authenticated webhook (chat, incident tool).
   * @default no webhook channel
   */
  readonly webhook?: WebhookChannelProps;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_ID = /^([a-zA-Z0-9_-]{1,255}|projects\/[^/]+\/secrets\/[a-zA-Z0-9_-]{1,255})$/;

/**
 * Where alerts go: an email channel per address, and optionally PagerDuty or a webhook whose
 * credentials come from Secret Manager (SEC-6: never a literal). `channels` / `ids` are exposed so
 * team stacks can route their own alert policies to the same people.
 */
export class NotificationChannels extends Construct {
  /** Every channel created, email first. */
  readonly channels: MonitoringNotificationChannel[] = [];
  /** Channel ids (`projects/P/notificationChannels/N`), what `notification_channels` takes. */
  readonly ids: string[];

  constructor(scope: Construct, id: string, props: NotificationChannelsProps) {
    super(scope, id);
    if (props.emails.length === 0) {
      throw new InvalidPropError(
        "NotificationChannels",
        "emails",
        [],
        "must list at least one email address, so every alert reaches a person",
      );
    }
    for (const email of props.emails) {
      requireMatch("NotificationChannels", "emails", email, EMAIL, "must be an email address");
      this.channels.push(
        new MonitoringNotificationChannel(this, `email-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, {
          displayName: `Security alerts: ${email}`,
          type: "email",
          labels: { email_address: email },
          forceDelete: false,
        }),
      );
    }
    if (props.pagerDuty) {
      this.channels.push(
        new MonitoringNotificationChannel(this, "pagerduty", {
          displayName: "Security alerts: PagerDuty",
          type: "pagerduty",
          sensitiveLabels: {
            serviceKey: this.secretValue("pagerduty-service-key", props.pagerDuty.serviceKey),
          },
          forceDelete: false,
        }),
      );
    }
    if (props.webhook) {
      // The secret's value is marked sensitive by the data source, so plans do not print the URL.
      this.channels.push(
        new MonitoringNotificationChannel(this, "webhook", {
          displayName: "Security alerts: webhook",
          type: "webhook_tokenauth",
          labels: { url: this.secretValue("webhook-url", props.webhook.urlWithToken) },
          forceDelete: false,
        }),
      );
    }
    this.ids = this.channels.map((channel) => channel.id);
  }

  /** The secret's value as a Terraform reference; it lands in (encrypted) state, never in config. */
  private secretValue(id: string, ref: SecretReference): string {
    requireMatch(
      "NotificationChannels",
      `${id}.secretId`,
      ref.secretId,
      SECRET_ID,
      "must be a Secret Manager secret id (1-255 letters, digits, '_' or '-') or projects/PROJECT/secrets/SECRET",
    );
    const version = ref.version ?? "latest";
    if (isLiteral(version) && !/^(latest|[1-9][0-9]*)$/.test(version)) {
      throw new InvalidPropError(
        "NotificationChannels",
        `${id}.version`,
        version,
        'must be "latest" or a version number',
      );
    }
    return new DataGoogleSecretManagerSecretVersion(this, id, { secret: ref.secretId, version }).secretData;
  }
}
