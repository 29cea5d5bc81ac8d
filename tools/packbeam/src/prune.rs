//! Pruning a bundle to what its start module can reach (`packbeam create --prune`).
//!
//! Reachability is followed function by function from `start/0` (each module's call graph,
//! `atomvm::bundle::beam_call_graph`): the local and remote functions a reached function calls
//! or makes funs of are reached. A module a reached function names as an atom (in its code or
//! in a literal it uses: a module passed as data such as a child spec's, `fun M:F/A`, a struct's
//! module) may be called through `apply`, so all its exported functions are reached. So are a
//! kept module's behaviours, a kept Elixir protocol's implementations
//! (`Elixir.<Protocol>.<Type>`, which an unconsolidated protocol finds by building their
//! names), a kept application resource file's callback module (`{mod, {M, Args}}`), and the
//! modules named with `--keep`. A module whose code cannot be decoded counts as wholly reached,
//! with every module its atoms name. A module is kept when any of its functions is reached.

use atomvm::bundle::{
    beam_atom_table, beam_call_graph, beam_chunks, beam_exports, scan_atoms, CallGraph, Section,
};
use std::collections::{BTreeSet, HashMap};

/// A function: module, name, arity.
type Mfa = (String, String, u32);

/// The sections to keep: every data section, and the modules reachable from `roots` (the
/// start module's `start/0`, and every export of the others). Fails when a root is not among
/// the modules.
pub fn prune(sections: Vec<Section>, roots: &[String]) -> Result<Vec<Section>, String> {
    let modules: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_beam())
        .map(|(i, s)| (module_of(&s.name), i))
        .collect();
    let mut walk = Walk {
        sections: &sections,
        modules: &modules,
        graphs: HashMap::new(),
        kept: BTreeSet::new(),
        reached: BTreeSet::new(),
        queue: Vec::new(),
    };
    for (i, r) in roots.iter().enumerate() {
        let r = module_of(r);
        if !modules.contains_key(&r) {
            return Err(format!("module {r} is not among the inputs"));
        }
        let start = sections[modules[&r]].is_start();
        if i == roots.len() - 1 && start && exports(&sections[modules[&r]].data, "start", 0) {
            walk.queue.push((r, "start".to_string(), 0));
        } else {
            walk.enter_all(&r);
        }
    }
    // The modules kept resource files name: the callback module, and those in the
    // environment (Elixir's Logger names its translator there).
    for s in sections
        .iter()
        .filter(|s| !s.is_beam() && s.name.ends_with(".app"))
    {
        for m in app_modules(&s.data) {
            if modules.contains_key(&m) {
                walk.enter_all(&m);
            }
        }
    }
    walk.run();
    let kept = walk.kept;
    Ok(sections
        .into_iter()
        .filter(|s| !s.is_beam() || kept.contains(&module_of(&s.name)))
        .collect())
}

struct Walk<'a> {
    sections: &'a [Section],
    modules: &'a HashMap<String, usize>,
    /// Decoded call graphs (None: undecodable, taken whole).
    graphs: HashMap<String, Option<CallGraph>>,
    kept: BTreeSet<String>,
    reached: BTreeSet<Mfa>,
    queue: Vec<Mfa>,
}

impl Walk<'_> {
    fn beam(&self, m: &str) -> &[u8] {
        &self.sections[self.modules[m]].data
    }

    /// Every exported function of `m` is reached.
    fn enter_all(&mut self, m: &str) {
        for (f, a) in beam_exports(self.beam(m)).unwrap_or_default() {
            self.queue.push((m.to_string(), f, a));
        }
        self.keep(m);
    }

    /// `m` is in the bundle: what comes with any module of it.
    fn keep(&mut self, m: &str) {
        if !self.kept.insert(m.to_string()) {
            return;
        }
        let graph = beam_call_graph(self.beam(m));
        let named: BTreeSet<String> = match &graph {
            Some(g) => g.attribute_atoms.clone(),
            None => named_atoms(self.beam(m)),
        };
        self.graphs.insert(m.to_string(), graph);
        for n in named {
            if self.modules.contains_key(&n) {
                self.enter_all(&n);
            }
        }
        if exports(self.beam(m), "__protocol__", 1) {
            let prefix = format!("{m}.");
            let impls: Vec<String> = self
                .modules
                .keys()
                .filter(|o| o.starts_with(&prefix) && exports(self.beam(o), "__impl__", 1))
                .cloned()
                .collect();
            for i in impls {
                self.enter_all(&i);
            }
        }
    }

    fn run(&mut self) {
        while let Some((m, f, a)) = self.queue.pop() {
            if !self.modules.contains_key(&m) || !self.reached.insert((m.clone(), f.clone(), a)) {
                continue;
            }
            self.keep(&m);
            let Some(Some(graph)) = self.graphs.get(&m) else {
                continue;
            };
            let Some(refs) = graph.functions.iter().find(|x| x.name == f && x.arity == a) else {
                continue;
            };
            let refs = refs.clone();
            for (lf, la) in refs.local {
                self.queue.push((m.clone(), lf, la));
            }
            self.queue.extend(refs.remote);
            for n in refs.atoms {
                if n != m && self.modules.contains_key(&n) {
                    self.enter_all(&n);
                }
            }
        }
    }
}

fn module_of(name: &str) -> String {
    name.strip_suffix(".beam").unwrap_or(name).to_string()
}

fn exports(beam: &[u8], function: &str, arity: u32) -> bool {
    beam_exports(beam).is_some_and(|e| e.iter().any(|(f, a)| f == function && *a == arity))
}

/// Every atom a module names: its atom table, and the atoms in its literals and attributes
/// (for a module whose code cannot be decoded).
fn named_atoms(beam: &[u8]) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = beam_atom_table(beam)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (id, body) in beam_chunks(beam).unwrap_or_default() {
        if matches!(&id, b"LitT" | b"LitU" | b"Attr") {
            // A compressed LitT shows no atoms to a scan; its atoms are in the atom table too
            // when the code uses them, so this stays a superset in practice.
            scan_atoms(body, &mut out);
        }
    }
    out
}

/// The atoms of an application resource file's text but for its `{modules, [...]}` list (which
/// names every module of the application, reached or not).
fn app_modules(text: &[u8]) -> BTreeSet<String> {
    let text: String = String::from_utf8_lossy(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = match text.find("{modules,[") {
        Some(at) => {
            let end = text[at..].find(']').map_or(text.len(), |e| at + e);
            format!("{}{}", &text[..at], &text[end..])
        }
        None => text,
    };
    let mut out = BTreeSet::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            let rest = &text[i + 1..];
            if let Some(end) = rest.find('\'') {
                out.insert(rest[..end].to_string());
                for _ in 0..=rest[..end].chars().count() {
                    chars.next();
                }
            }
        } else if c.is_ascii_lowercase() {
            let word: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '@')
                .collect();
            for _ in 1..word.len() {
                chars.next();
            }
            out.insert(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_every_atom_encoding() {
        let mut out = BTreeSet::new();
        let mut bytes = vec![131, 119, 3];
        bytes.extend_from_slice(b"foo");
        bytes.extend_from_slice(&[100, 0, 3]);
        bytes.extend_from_slice(b"bar");
        bytes.push(119); // cut short: no length
        scan_atoms(&bytes, &mut out);
        assert!(out.contains("foo") && out.contains("bar"), "{out:?}");
    }

    #[test]
    fn finds_the_modules_an_application_file_names() {
        let app = b"{application, logger,\n [{modules, ['Elixir.Unused', other]},\n  {mod, {'Elixir.Logger.App', []}},\n  {env, [{translators, [{'Elixir.Logger.Translator', translate}]}]}]}.";
        let found = app_modules(app);
        assert!(found.contains("Elixir.Logger.App") && found.contains("Elixir.Logger.Translator"));
        assert!(
            !found.contains("Elixir.Unused") && !found.contains("other"),
            "{found:?}"
        );
    }
}
