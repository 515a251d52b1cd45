package seeder

import (
	"fmt"
	"io"
)

// Columns lists the columns of table in the order WriteTable writes them.
func Columns(table string) ([]string, error) {
	t, err := specOf(table)
	if err != nil {
		return nil, err
	}
	return append([]string(nil), t.columns...), nil
}

// WriteTable writes the rows of table in the dataset o describes to w, in
// LOAD DATA's default text format (tab-separated, newline-terminated,
// backslash escapes): exactly the stream Seed loads. It is meant for
// benchmarks (a baseline load of the same rows from files) and exports.
func WriteTable(o Options, table string, w io.Writer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	t, err := specOf(table)
	if err != nil {
		return err
	}
	tw := newTSVWriter(w)
	if err := t.gen(o, tw); err != nil {
		return err
	}
	return tw.Flush()
}

func specOf(table string) (tableSpec, error) {
	for _, t := range dataset {
		if t.name == table {
			return t, nil
		}
	}
	return tableSpec{}, fmt.Errorf("seeder: %q is not a table of the dataset", table)
}
