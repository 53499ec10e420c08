// Prints, for each azurerm resource type named, every attribute and block name its Terraform schema knows, read
// from the generated bindings of @cdktf/provider-azurerm (lib/<type>/index.js: the snake_case keys its
// toTerraform functions write). The Terraform tests hold infra/terraform to the file this makes:
//   npm pack @cdktf/provider-azurerm@14.23.1 && tar xzf cdktf-provider-azurerm-14.23.1.tgz
//   node scripts/tools/azurerm-attributes.js package azurerm_container_app azurerm_storage_queue … \
//     > tests/WakeDock.Deployment.Tests/Infra/azurerm-attributes.json
const fs = require("fs");
const path = require("path");

const [root, ...types] = process.argv.slice(2);
const provider = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const schema = { package: `${provider.name}@${provider.version}`, provider: provider.cdktf?.provider?.version ?? null, resources: {} };
for (const type of types.sort()) {
  const folder = type.replace(/^azurerm_/, "").replace(/_/g, "-");
  const source = fs.readFileSync(path.join(root, "lib", folder, "index.js"), "utf8");
  if (!source.includes(`.tfResourceType = "${type}"`)) {
    throw new Error(`${folder} is not the binding of ${type}`);
  }
  const names = new Set();
  for (const match of source.matchAll(/^\s+([a-z][a-z0-9_]*): (?:cdktf\.|\{|[a-zA-Z]+ToTerraform|[a-zA-Z]+ToHclTerraform)/gm)) {
    names.add(match[1]);
  }
  schema.resources[type] = [...names].sort();
}
process.stdout.write(JSON.stringify(schema, null, 2) + "\n");
