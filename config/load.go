package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// envOverride ties an environment variable to the key it overrides.
type envOverride struct {
	name string
	key  string
	set  func(*Config, string)
}

// envOverrides are the environment variables Load reads, in the order they
// apply. The names are fixed: scripts and deploy files rely on them.
var envOverrides = []envOverride{
	{"REDIS_URL", "redis.url", func(c *Config, v string) { c.Redis.URL = v }},
	{"ABMSYNC_ADMIN_ADDR", "admin.addr", func(c *Config, v string) { c.Admin.Addr = v }},
	{"ABMSYNC_ADMIN_TOKEN", "admin.token", func(c *Config, v string) { c.Admin.Token = v }},
	{"ABMSYNC_CRM", "crm.kind", func(c *Config, v string) { c.CRM.Kind = v }},
	{"ABMSYNC_HUBSPOT_BASE_URL", "hubspot.base_url", func(c *Config, v string) { c.HubSpot.BaseURL = v }},
	{"ABMSYNC_HUBSPOT_API_VERSION", "hubspot.api_version", func(c *Config, v string) { c.HubSpot.APIVersion = v }},
	{"ABMSYNC_HUBSPOT_ACCESS_TOKEN", "hubspot.access_token", func(c *Config, v string) { c.HubSpot.AccessToken = v }},
	{"ABMSYNC_HUBSPOT_CLIENT_ID", "hubspot.client_id", func(c *Config, v string) { c.HubSpot.ClientID = v }},
	{"ABMSYNC_HUBSPOT_CLIENT_SECRET", "hubspot.client_secret", func(c *Config, v string) { c.HubSpot.ClientSecret = v }},
	{"ABMSYNC_HUBSPOT_REFRESH_TOKEN", "hubspot.refresh_token", func(c *Config, v string) { c.HubSpot.RefreshToken = v }},
	{"ABMSYNC_SALESFORCE_INSTANCE_URL", "salesforce.instance_url", func(c *Config, v string) { c.Salesforce.InstanceURL = v }},
	{"ABMSYNC_SALESFORCE_LOGIN_URL", "salesforce.login_url", func(c *Config, v string) { c.Salesforce.LoginURL = v }},
	{"ABMSYNC_SALESFORCE_API_VERSION", "salesforce.api_version", func(c *Config, v string) { c.Salesforce.APIVersion = v }},
	{"ABMSYNC_SALESFORCE_CLIENT_ID", "salesforce.client_id", func(c *Config, v string) { c.Salesforce.ClientID = v }},
	{"ABMSYNC_SALESFORCE_CLIENT_SECRET", "salesforce.client_secret", func(c *Config, v string) { c.Salesforce.ClientSecret = v }},
	{"ABMSYNC_SALESFORCE_REFRESH_TOKEN", "salesforce.refresh_token", func(c *Config, v string) { c.Salesforce.RefreshToken = v }},
	{"ABMSYNC_LOG_LEVEL", "log.level", func(c *Config, v string) { c.Log.Level = v }},
	{"ABMSYNC_SECRET_KEY", "secret_key", func(c *Config, v string) { c.SecretKey = v }},
	{"ABMSYNC_LINKEDIN_BASE_URL", "linkedin.base_url", func(c *Config, v string) { c.LinkedIn.BaseURL = v }},
	{"ABMSYNC_LINKEDIN_AUTH_BASE_URL", "linkedin.auth_base_url", func(c *Config, v string) { c.LinkedIn.AuthBaseURL = v }},
	{"ABMSYNC_LINKEDIN_CLIENT_ID", "linkedin.client_id", func(c *Config, v string) { c.LinkedIn.ClientID = v }},
	{"ABMSYNC_LINKEDIN_CLIENT_SECRET", "linkedin.client_secret", func(c *Config, v string) { c.LinkedIn.ClientSecret = v }},
	{"ABMSYNC_LINKEDIN_ACCESS_TOKEN", "linkedin.access_token", func(c *Config, v string) { c.LinkedIn.AccessToken = v }},
	{"ABMSYNC_LINKEDIN_AD_ACCOUNT", "linkedin.ad_account", func(c *Config, v string) { c.LinkedIn.AdAccount = v }},
	{"ABMSYNC_LINKEDIN_VERSION", "linkedin.version", func(c *Config, v string) { c.LinkedIn.Version = v }},
	{"ABMSYNC_LINKEDIN_SOURCE_PLATFORM", "linkedin.source_platform", func(c *Config, v string) { c.LinkedIn.SourcePlatform = v }},
}

// hubspotSelectors are the variables that, when set, select the hubspot
// connector unless crm.kind is set in the file or by ABMSYNC_CRM.
var hubspotSelectors = []string{
	"ABMSYNC_HUBSPOT_ACCESS_TOKEN",
	"ABMSYNC_HUBSPOT_CLIENT_ID",
	"ABMSYNC_HUBSPOT_CLIENT_SECRET",
	"ABMSYNC_HUBSPOT_REFRESH_TOKEN",
	"ABMSYNC_HUBSPOT_BASE_URL",
}

// salesforceSelectors are the variables that, when set, select the
// salesforce connector unless crm.kind is set in the file or by ABMSYNC_CRM.
var salesforceSelectors = []string{
	"ABMSYNC_SALESFORCE_CLIENT_ID",
	"ABMSYNC_SALESFORCE_CLIENT_SECRET",
	"ABMSYNC_SALESFORCE_REFRESH_TOKEN",
	"ABMSYNC_SALESFORCE_INSTANCE_URL",
}

// Load returns the configuration: Default(), then the YAML file, then the
// environment, then Validate.
//
// The file is path, or $ABMSYNC_CONFIG when path is "", or none when both are
// empty. It is decoded strictly: an unknown key, a duplicate key, a value of
// the wrong type or more than one YAML document is an error naming the key
// and line. An empty file changes nothing. Keys the file omits keep their
// defaults, except schedules, which the file replaces as a whole.
//
// These environment variables override the file when non-empty (getenv
// returning "" means unset; a nil getenv means no environment):
//
//	REDIS_URL                      redis.url
//	ABMSYNC_ADMIN_ADDR             admin.addr
//	ABMSYNC_ADMIN_TOKEN            admin.token
//	ABMSYNC_CRM                    crm.kind
//	ABMSYNC_HUBSPOT_BASE_URL       hubspot.base_url
//	ABMSYNC_HUBSPOT_API_VERSION    hubspot.api_version
//	ABMSYNC_HUBSPOT_ACCESS_TOKEN   hubspot.access_token
//	ABMSYNC_HUBSPOT_CLIENT_ID      hubspot.client_id
//	ABMSYNC_HUBSPOT_CLIENT_SECRET  hubspot.client_secret
//	ABMSYNC_HUBSPOT_REFRESH_TOKEN  hubspot.refresh_token
//	ABMSYNC_SALESFORCE_INSTANCE_URL  salesforce.instance_url
//	ABMSYNC_SALESFORCE_LOGIN_URL     salesforce.login_url
//	ABMSYNC_SALESFORCE_API_VERSION   salesforce.api_version
//	ABMSYNC_SALESFORCE_CLIENT_ID     salesforce.client_id
//	ABMSYNC_SALESFORCE_CLIENT_SECRET salesforce.client_secret
//	ABMSYNC_SALESFORCE_REFRESH_TOKEN salesforce.refresh_token
//	ABMSYNC_LOG_LEVEL              log.level
//
// Connector inference: when neither the file nor ABMSYNC_CRM sets crm.kind and
// any of ABMSYNC_HUBSPOT_ACCESS_TOKEN, _CLIENT_ID, _CLIENT_SECRET,
// _REFRESH_TOKEN or _BASE_URL is set, crm.kind becomes "hubspot": exporting
// HubSpot credentials is taken to mean "sync HubSpot", not the sample CSV.
// Likewise any of ABMSYNC_SALESFORCE_CLIENT_ID, _CLIENT_SECRET,
// _REFRESH_TOKEN or _INSTANCE_URL selects "salesforce"; credentials of both
// CRMs without crm.kind are an error naming crm.kind.
//
// Every error is an *Error; on error the returned Config is the zero value.
// A file whose aliases expand past maxExpansion nodes (a "billion laughs"
// of anchors and merge keys) is refused with an error saying so.
func Load(path string, getenv func(string) string) (Config, error) {
	return LoadContext(context.Background(), path, getenv)
}

// LoadContext is Load, stopping with an *Error wrapping ctx's error once ctx
// is done (the walk over the file checks it as it goes).
func LoadContext(ctx context.Context, path string, getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	cfg := Default()

	pathFrom := ""
	if path == "" {
		path = getenv("ABMSYNC_CONFIG")
		pathFrom = " (from ABMSYNC_CONFIG)"
	}
	fileSetKind := false
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return Config{}, &Error{Key: path, Msg: "read: " + unwrapPathError(err) + pathFrom}
		}
		if fileSetKind, err = decodeFile(ctx, &cfg, path, b); err != nil {
			return Config{}, err
		}
	}

	origin := map[string]string{} // key -> "(from VAR)" note
	for _, o := range envOverrides {
		if v := getenv(o.name); v != "" {
			o.set(&cfg, v)
			origin[o.key] = "(from " + o.name + ")"
		}
	}
	if !fileSetKind && getenv("ABMSYNC_CRM") == "" {
		var hs, sf string
		for _, name := range hubspotSelectors {
			if getenv(name) != "" && hs == "" {
				hs = name
			}
		}
		for _, name := range salesforceSelectors {
			if getenv(name) != "" && sf == "" {
				sf = name
			}
		}
		switch {
		case hs != "" && sf != "":
			return Config{}, &Error{Key: "crm.kind", Msg: fmt.Sprintf("both %s and %s are set: choose the CRM with crm.kind or ABMSYNC_CRM", hs, sf)}
		case hs != "":
			cfg.CRM.Kind = "hubspot"
			origin["crm.kind"] = "(crm.kind hubspot inferred from " + hs + ")"
		case sf != "":
			cfg.CRM.Kind = "salesforce"
			origin["crm.kind"] = "(crm.kind salesforce inferred from " + sf + ")"
		}
	}

	cfg.trimCredentials()
	if err := cfg.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			note, ok := origin[e.Key]
			if section, _, _ := strings.Cut(e.Key, "."); !ok && (section == "hubspot" || section == "salesforce") {
				// A connector's error may surprise someone who never chose
				// that connector: say what selected it.
				if k, found := origin["crm.kind"]; found {
					if strings.HasPrefix(k, "(from") {
						k = "(crm.kind " + section + " " + strings.TrimPrefix(k, "(")
					}
					note, ok = k, true
				}
			}
			if ok {
				return Config{}, &Error{Key: e.Key, Msg: e.Msg + " " + note}
			}
		}
		return Config{}, err
	}
	return cfg, nil
}

// trimCredentials drops the white space around the connectors' ids,
// secrets and account names and the secret key: a token pasted with a trailing newline into an
// env file or a secret of spaces would otherwise pass as set and fail later
// (an HTTP header refuses the newline; LinkedIn trimmed its ad account and
// then refused the empty one at start-up). The admin token is left as
// written: CheckAdminToken refuses white space with a message of its own.
// A new credential belongs here, in envOverrides (if an env var sets it) and
// in Redacted (redact.go); Redis passwords are redacted but not trimmed, as
// Redis accepts any bytes.
func (c *Config) trimCredentials() {
	for _, p := range []*string{
		&c.HubSpot.AccessToken, &c.HubSpot.ClientID, &c.HubSpot.ClientSecret, &c.HubSpot.RefreshToken,
		&c.Salesforce.ClientID, &c.Salesforce.ClientSecret, &c.Salesforce.RefreshToken, &c.Salesforce.InstanceURL,
		&c.LinkedIn.ClientID, &c.LinkedIn.ClientSecret, &c.LinkedIn.AccessToken, &c.LinkedIn.AdAccount,
		&c.SecretKey,
	} {
		*p = strings.TrimSpace(*p)
	}
}

// unwrapPathError drops the path an *os.PathError repeats, since Error.Key
// already names the file.
func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// decodeFile decodes the YAML document b over cfg. It reports whether the
// file sets crm.kind.
func decodeFile(ctx context.Context, cfg *Config, path string, b []byte) (setKind bool, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if err == io.EOF {
			return false, nil // empty or comments only
		}
		return false, &Error{Key: path, Msg: "bad YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return false, &Error{Key: path, Msg: "want one YAML document, found more"}
	}
	top := resolve(&root)
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return false, nil // "---" or "~"
	}
	if top.Kind != yaml.MappingNode {
		return false, &Error{Key: path, Msg: fmt.Sprintf("line %d: want a mapping of keys at the top level, got %s", top.Line, kindName(top))}
	}

	// Walk the tree first so that an unknown key or a bad value is reported
	// by its dotted path; the yaml package only names the Go type.
	w := &walker{ctx: ctx, left: expansionBudget(&root)}
	if e := w.check(top, reflect.TypeFor[Config](), ""); e != nil {
		return false, e
	}

	var probe struct {
		CRM struct {
			Kind yaml.Node `yaml:"kind"`
		} `yaml:"crm"`
		Schedules yaml.Node `yaml:"schedules"`
	}
	if err := root.Decode(&probe); err != nil {
		return false, &Error{Key: path, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if probe.Schedules.Kind != 0 {
		// yaml.v3 merges into an existing map; the file's set replaces ours.
		cfg.Schedules = nil
	}

	// The authoritative decode, strict; check above should have caught
	// anything it rejects.
	strict := yaml.NewDecoder(bytes.NewReader(b))
	strict.KnownFields(true)
	if err := strict.Decode(cfg); err != nil {
		return false, &Error{Key: path, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	return probe.CRM.Kind.Kind != 0, nil
}

// resolve follows document and alias nodes to the node holding the value.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch n.Kind {
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line}
			}
			n = n.Content[0]
		case yaml.AliasNode:
			n = n.Alias
		default:
			return n
		}
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return n.ShortTag()
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// maxExpansion caps the nodes the walk of a file visits, counting every
// visit through an alias or merge key again. A hand-written config has at
// most a few thousand nodes; a 600-byte file of nested aliases can expand
// to billions.
const maxExpansion = 1_000_000

// expansionBudget is how many node visits the walk of the document at root
// may make: 100 per node written in the file (aliases may repeat a section
// a few times), at least 10,000, at most maxExpansion.
func expansionBudget(root *yaml.Node) int {
	written := 0
	var count func(n *yaml.Node)
	count = func(n *yaml.Node) {
		written++
		for _, c := range n.Content {
			count(c)
		}
	}
	count(root)
	return min(max(10_000, 100*written), maxExpansion)
}

// walker is the state of one check walk: the visits left before the file
// counts as an alias bomb, and the context that may end it.
type walker struct {
	ctx   context.Context
	left  int
	steps int
}

// visit counts one node visit at path.
func (w *walker) visit(path string) *Error {
	w.left--
	if w.left < 0 {
		return &Error{Key: keyOrTop(path), Msg: "aliases and merge keys (<<) expand to too many nodes; " +
			"the file repeats sections far more often than a configuration needs (a YAML alias bomb?)"}
	}
	if w.steps++; w.steps%1024 == 0 {
		if err := w.ctx.Err(); err != nil {
			return &Error{Key: keyOrTop(path), Msg: "loading stopped: " + err.Error(), Err: err}
		}
	}
	return nil
}

func keyOrTop(path string) string {
	if path == "" {
		return "(top level)"
	}
	return path
}

// check walks n against type t, returning an *Error for the first unknown or
// duplicate key or undecodable value, keyed by its dotted path, or for a
// walk past its budget or context.
func (w *walker) check(n *yaml.Node, t reflect.Type, path string) *Error {
	if e := w.visit(path); e != nil {
		return e
	}
	n = resolve(n)
	isNull := n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
	switch {
	case t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType):
		if isNull {
			return nil
		}
		return w.checkStruct(n, t, path)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		if isNull {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return &Error{Key: path, Msg: fmt.Sprintf("line %d: want a list, got %s", n.Line, kindName(n))}
		}
		for i, el := range n.Content {
			if e := w.check(el, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); e != nil {
				return e
			}
		}
		return nil
	case t.Kind() == reflect.Map:
		if isNull {
			return nil
		}
		return w.checkMap(n, t, path)
	default:
		return checkLeaf(n, t, path)
	}
}

// checkStruct checks a mapping against the struct type t: every key must
// name one of its fields, once; merge keys (<<) are checked as if their
// mappings were written here.
func (w *walker) checkStruct(n *yaml.Node, t reflect.Type, path string) *Error {
	if n.Kind != yaml.MappingNode {
		return &Error{Key: path, Msg: fmt.Sprintf("line %d: want a mapping, got %s", n.Line, kindName(n))}
	}
	fields := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "<<" && k.ShortTag() == "!!merge" {
			v = resolve(v)
			merged := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				merged = v.Content
			}
			for _, m := range merged {
				if e := w.check(m, t, path); e != nil {
					return e
				}
			}
			continue
		}
		key := joinKey(path, k.Value)
		f, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			sort.Strings(known)
			return &Error{Key: key, Msg: fmt.Sprintf("unknown key at line %d (known keys here: %s)", k.Line, strings.Join(known, ", "))}
		}
		if first, dup := seen[k.Value]; dup {
			return &Error{Key: key, Msg: fmt.Sprintf("line %d: key already set at line %d", k.Line, first)}
		}
		seen[k.Value] = k.Line
		if e := w.check(v, f.Type, key); e != nil {
			return e
		}
	}
	return nil
}

// checkMap checks a mapping against the map type t: each key once, each
// value against the map's element type.
func (w *walker) checkMap(n *yaml.Node, t reflect.Type, path string) *Error {
	if n.Kind != yaml.MappingNode {
		return &Error{Key: path, Msg: fmt.Sprintf("line %d: want a mapping, got %s", n.Line, kindName(n))}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := joinKey(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			return &Error{Key: key, Msg: fmt.Sprintf("line %d: key already set at line %d", k.Line, first)}
		}
		seen[k.Value] = k.Line
		if e := w.check(v, t.Elem(), key); e != nil {
			return e
		}
	}
	return nil
}

// checkLeaf checks that n decodes into t. Scalars decode into strings
// whatever they hold, so a failure here never echoes a secret.
func checkLeaf(n *yaml.Node, t reflect.Type, path string) *Error {
	if err := n.Decode(reflect.New(t).Interface()); err != nil {
		msg := err.Error()
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg = te.Errors[0]
			if t == reflect.TypeFor[time.Duration]() {
				msg += `; want a Go duration such as "30s" or "5m"`
			}
		}
		return &Error{Key: path, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	return nil
}
