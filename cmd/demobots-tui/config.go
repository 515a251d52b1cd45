package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

// urlSource says where the database URL came from, for messages.
type urlSource string

const (
	sourceFlag     urlSource = "--database-url"
	sourceEnv      urlSource = "$DATABASE_URL"
	sourceDotEnv   urlSource = "DATABASE_URL in .env"
	sourceEmbedded urlSource = "embedded engine"
)

// resolveURL picks the database URL: the flag, else the environment, else
// .env in the working directory. An empty result means none is configured.
func resolveURL(flagValue string) (string, urlSource, error) {
	if flagValue != "" {
		return flagValue, sourceFlag, nil
	}
	if v := os.Getenv("DATABASE_URL"); v != "" {
		return v, sourceEnv, nil
	}
	vars, err := readDotEnv(".env")
	if err != nil {
		return "", "", err
	}
	if v := vars["DATABASE_URL"]; v != "" {
		return v, sourceDotEnv, nil
	}
	return "", sourceEmbedded, nil
}

// readDotEnv parses a .env file: KEY=value lines, optional "export ",
// single or double quotes, # comments. A missing file is no error.
func readDotEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected KEY=value", path, n)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0]:
			val = val[1 : len(val)-1]
		default:
			if i := strings.Index(val, " #"); i >= 0 {
				val = strings.TrimSpace(val[:i])
			}
		}
		vars[key] = val
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return vars, nil
}
