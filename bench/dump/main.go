// Command dump writes the rows of the demobots dataset to one file per
// table, in LOAD DATA's text format, for the baseline of bench/seed.sh:
// MariaDB's own LOAD DATA LOCAL INFILE of the same rows seed loads.
//
//	go run ./bench/dump -users 100000 -dir /tmp/rows
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/demobots/demobots-tui/seeder"
)

func main() {
	o := seeder.DefaultOptions()
	dir := flag.String("dir", ".", "output directory")
	flag.Uint64Var(&o.Seed, "seed", o.Seed, "random seed")
	flag.IntVar(&o.Users, "users", o.Users, "number of users")
	flag.Parse()
	for _, table := range []string{"users", "user_profiles", "sessions", "levels", "scores"} {
		if err := dump(o, table, *dir); err != nil {
			fmt.Fprintln(os.Stderr, "dump:", err)
			os.Exit(1)
		}
	}
}

// dump writes table's rows to dir/table.tsv and its column list to
// dir/table.cols (comma-separated, for the LOAD DATA statement).
func dump(o seeder.Options, table, dir string) error {
	cols, err := seeder.Columns(table)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, table+".cols"), []byte(strings.Join(cols, ",")), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, table+".tsv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := seeder.WriteTable(o, table, w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
