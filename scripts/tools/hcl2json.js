// Prints the Terraform files of a folder as one JSON document (@cdktf/hcl2json): the tests read
// infra/terraform through it.   node scripts/tools/hcl2json.js infra/terraform
const { convertFiles } = require("@cdktf/hcl2json");

convertFiles(process.argv[2]).then(
  (json) => process.stdout.write(JSON.stringify(json)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
