import type { Construct } from "constructs";
import {
  TerraformResource,
  anyToHclTerraform,
  anyToTerraform,
  hashMapper,
  hashMapperHcl,
  type FileProvisioner,
  type ITerraformDependable,
  type LocalExecProvisioner,
  type RemoteExecProvisioner,
} from "cdktf";

export interface TerraformDataProps {
  /** Values whose change replaces the resource (and so re-runs its provisioners). */
  readonly triggersReplace: Record<string, unknown>;
  /**
   * A value the provisioners read as `self.input` (references resolved by Terraform). Passing data this way
   * keeps the commands free of quoted JSON, which `cdktf synth --hcl` cannot render.
   * @default none
   */
  readonly input?: Record<string, unknown>;
  /** Provisioners run when the resource is created. */
  readonly provisioners: (FileProvisioner | LocalExecProvisioner | RemoteExecProvisioner)[];
  /**
   * Resources created first (what the provisioners read).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4+). cdktf's own `DataResource` adds a
 * validation that runs `terraform version` during synthesis, once per resource: synthesis would then need a
 * terraform binary (the quick start runs on a machine without one) and pay ~50 ms a resource. The kit
 * documents Terraform 1.5+ for deploying instead.
 */
export class TerraformData extends TerraformResource {
  private readonly triggersReplace: Record<string, unknown>;
  private readonly input?: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      provisioners: props.provisioners,
      dependsOn: props.dependsOn,
    });
    this.triggersReplace = props.triggersReplace;
    this.input = props.input;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      triggers_replace: hashMapper(anyToTerraform)(this.triggersReplace),
      input: this.input && hashMapper(anyToTerraform)(this.input),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersReplace),
      input: this.input && hashMapperHcl(anyToHclTerraform)(this.input),
    };
  }
}
