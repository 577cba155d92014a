// Package layout holds the import-rule test that keeps abmsync's layering
// from sliding back: it runs "go list -deps ./..." from the module root and
// checks every package against the rule of its folder (store imports only
// crm and internal/*; domain packages import no connector, store, Redis or
// queue client; connectors never import each other; crm imports nothing of
// ours; ...), that the top level holds exactly the folders of the layout,
// and that ARCHITECTURE.md describes each of them. A failure names the
// importing package, the forbidden import and the rule. It also fails on
// any function over 80 lines whose doc comment does not say why it is long
// (funclen_test.go).
//
// The package has no code of its own and imports nothing; it needs the go
// command on PATH (or under GOROOT), as "go test" itself does.
package layout
