package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/joho/godotenv"
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

// readDotEnv reads a .env file with godotenv (KEY=value lines, "export",
// quotes, escapes, # comments, ${VAR} of earlier lines). A missing file is
// no error. Anything but a regular file is refused at once: reading a
// FIFO would wait for a writer forever.
func readDotEnv(path string) (map[string]string, error) {
	// O_NONBLOCK: opening a FIFO must not wait for a writer before the
	// check below can refuse it. A regular file ignores the flag.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file: refusing to read it; the database URL is read from a regular .env file — remove or rename it, or pass --database-url",
			path, fileKind(fi.Mode()))
	}
	vars, err := godotenv.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s does not parse (%s): write each setting as KEY=value on a line of its own, and quote values with spaces, # or $ in single quotes",
			path, parseProblem(err))
	}
	// godotenv also reads "KEY: value" and skips spaces inside a name, so
	// "DATABASE_URL mysql://..." becomes a variable "DATABASE_URL mysql":
	// a typo that would silently fall back to the embedded engine.
	for key := range vars {
		if strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("%s does not parse (a name holds a space; is an = missing?): write each setting as KEY=value on a line of its own", path)
		}
	}
	return vars, nil
}

// parseProblem is godotenv's complaint without the text it quotes, which
// may be a line holding a password.
func parseProblem(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " near "); i >= 0 {
		msg = msg[:i]
	}
	if strings.HasPrefix(msg, "unterminated quoted value") {
		msg = "a quoted value is not closed"
	}
	return msg
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
