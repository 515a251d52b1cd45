package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeDotEnv(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The cases a hand-written parser got wrong: a comment after a quoted
// value, an escaped quote, export followed by a tab; and what dotenv files
// commonly hold besides.
func TestReadDotEnvQuotingAndComments(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"comment after a double-quoted value", `DATABASE_URL="mysql://u:p@db:3306/demo" # the dev server` + "\n", "mysql://u:p@db:3306/demo"},
		{"comment after a single-quoted value", `DATABASE_URL='mysql://u:p@db:3306/demo'   # dev` + "\n", "mysql://u:p@db:3306/demo"},
		{"escaped double quote", `DATABASE_URL="mysql://u:p\"q@db/demo"` + "\n", `mysql://u:p"q@db/demo`},
		{"export and a tab", "export\tDATABASE_URL=mysql://u@db/demo\n", "mysql://u@db/demo"},
		{"export and spaces", "export   DATABASE_URL=mysql://u@db/demo\n", "mysql://u@db/demo"},
		{"# inside a value is not a comment", "DATABASE_URL=mysql://u:p#w@db/demo\n", "mysql://u:p#w@db/demo"},
		{"single quotes keep $ and #", `DATABASE_URL='mysql://u:p$WORD #1@db/demo'` + "\n", "mysql://u:p$WORD #1@db/demo"},
		{"CRLF line ends", "A=1\r\nDATABASE_URL=mysql://u@db/demo\r\n", "mysql://u@db/demo"},
		{"spaces around =", "DATABASE_URL = mysql://u@db/demo\n", "mysql://u@db/demo"},
		{"no newline at the end", "DATABASE_URL=mysql://u@db/demo", "mysql://u@db/demo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars, err := readDotEnv(writeDotEnv(t, tc.content))
			if err != nil {
				t.Fatal(err)
			}
			if got := vars["DATABASE_URL"]; got != tc.want {
				t.Errorf("DATABASE_URL = %q, want %q", got, tc.want)
			}
		})
	}
}

// A .env that does not parse is reported without quoting the line, which
// may hold a password.
func TestReadDotEnvErrorHidesTheLine(t *testing.T) {
	for _, content := range []string{
		"DATABASE-URL=mysql://root:hunter22@db/demo\n",
		`DATABASE_URL="mysql://root:hunter22@db/demo` + "\n",
	} {
		_, err := readDotEnv(writeDotEnv(t, content))
		if err == nil {
			t.Fatalf("%q: want an error", content)
		}
		if strings.Contains(err.Error(), "hunter22") {
			t.Errorf("the error quotes the password: %v", err)
		}
		if !strings.Contains(err.Error(), "KEY=value") {
			t.Errorf("the error does not say what is expected: %v", err)
		}
	}
}

// A .env that is not a regular file is refused at once. Reading a FIFO
// would wait for a writer forever; the test gives up after a minute
// rather than hang, and unblocks the reader.
func TestReadDotEnvRefusesAFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	type result struct {
		vars map[string]string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		vars, err := readDotEnv(path)
		got <- result{vars, err}
	}()
	var r result
	select {
	case r = <-got:
	case <-time.After(time.Minute):
		// Open the other end so that the blocked reader returns.
		if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			_ = f.Close()
		}
		t.Fatal("reading a FIFO .env hangs")
	}
	if r.err == nil || !strings.Contains(r.err.Error(), "named pipe (FIFO)") || !strings.Contains(r.err.Error(), "not a regular file") {
		t.Fatalf("got %v, %v; want a refusal naming the FIFO", r.vars, r.err)
	}
}

func TestReadDotEnvRefusesADirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := readDotEnv(path)
	if err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Fatalf("got %v", err)
	}
}

// The refusal reaches the user as a runtime error, before any connection.
func TestFIFODotEnvFailsTheCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("DATABASE_URL", "")
	if err := syscall.Mkfifo(".env", 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	done := make(chan struct{})
	var code int
	var errOut string
	go func() {
		code, _, errOut = runCLI(t, "pull")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		if f, err := os.OpenFile(".env", os.O_WRONLY, 0); err == nil {
			_ = f.Close()
		}
		<-done
		t.Fatal("pull hangs on a FIFO .env")
	}
	if code != 1 || !strings.Contains(errOut, ".env is a named pipe (FIFO)") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// .env.example is a valid .env that yields the URL it shows.
func TestDotEnvExampleParses(t *testing.T) {
	vars, err := readDotEnv(filepath.Join(pkgDir, "..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	if got := vars["DATABASE_URL"]; got != "mysql://root:password@127.0.0.1:3306/db-demobots" {
		t.Errorf("DATABASE_URL = %q", got)
	}
	if _, ok := vars["TEST_DATABASE_URL"]; ok {
		t.Error("TEST_DATABASE_URL is set by the example; it is meant as a comment")
	}
}

// godotenv reads "DATABASE_URL mysql://…" as a variable named
// "DATABASE_URL mysql" (YAML-style "key: value"); that typo must not fall
// back to the embedded engine silently.
func TestReadDotEnvRefusesANameWithASpace(t *testing.T) {
	for _, content := range []string{
		"DATABASE_URL mysql://root:hunter22@db/demo\n",
		"DATABASE_URL root:hunter22@tcp(db:3306)/demo\n",
	} {
		_, err := readDotEnv(writeDotEnv(t, content))
		if err == nil || !strings.Contains(err.Error(), "KEY=value") {
			t.Errorf("%q: %v", content, err)
		} else if strings.Contains(err.Error(), "hunter22") {
			t.Errorf("the error quotes the password: %v", err)
		}
	}
}
