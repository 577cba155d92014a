package examples

import (
	"embed"
	"io/fs"
)

//go:embed sample-campaign/*.csv
var files embed.FS

// SampleCampaign returns the sample campaign's CSV files at the root of the
// returned file system (companies.csv, contacts.csv, deals.csv,
// nps-2026.csv). It never fails: the files are compiled in.
func SampleCampaign() fs.FS {
	sub, err := fs.Sub(files, "sample-campaign")
	if err != nil {
		panic(err) // unreachable: the directory is embedded at build time
	}
	return sub
}
