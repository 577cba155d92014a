// Command abmsync is the ABM sync daemon and its admin CLI:
//
//	abmsync serve    [--config FILE]
//	abmsync resync   [--full] [--object companies|contacts|deals] [--account ID] [--source crm|web|press|linkedin] [--wait]
//	abmsync status   [--json]
//	abmsync report   [--json]
//	abmsync forget   --email ADDRESS
//	abmsync dnc add  (--email ADDRESS | --account ID --name NAME)
//	abmsync linkedin-org --account ID (--urn URN | --clear)
//	abmsync import   linkedin-connections --owner NAME FILE | access-log FILE | nps [--source NAME] FILE
//	abmsync extract  [--json] FILE|URL
//	abmsync classify [--json] TITLE...
//	abmsync help     [COMMAND]
//
// "abmsync help COMMAND", "abmsync COMMAND -h" and "--help" print a
// command's usage and flags and exit 0; a usage mistake exits 2. See
// README.md for configuration.
//
// What lives here: main and the command dispatch, serve (which hands the
// loaded config to package daemon), the CLI commands that call the admin API
// (resync, status, report, forget, dnc, imports), the local tools extract
// and classify, the Salesforce custom-field package (abmsync salesforce
// fields) and the help texts. The command stays thin: anything with a life
// of its own belongs in the package below it.
//
// Imports: anything of the module but test/*. test/layout checks this.
package main
