// nnfs runs: the run library that every `nnfs train` (and the studio) records into (docs/RUNS.md).
//   nnfs runs list [--json]                 every run, newest first (damaged ones with the reason)
//   nnfs runs show RUN [--json]             settings, epochs, changes of one run
//   nnfs runs compare RUN RUN... [--json]   epochs side by side and the settings that differ
//   nnfs runs rm RUN                        removes the run's folder (not while it is written)
//   nnfs runs rename RUN NAME
// RUN is a run's id or its name. --runs-dir DIR (or NNFS_RUNS_DIR) picks another library.
#include <cstdio>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/runs_format.h"
#include "engine/runs/run_library.h"

namespace nnfs::cli {

namespace {

struct RunsOptions {
  std::string runs_dir;
  bool json = false;
  std::string run;                // show, rm, rename
  std::vector<std::string> runs;  // compare
  std::string name;

  RunLibrary library() const { return RunLibrary(runs_dir.empty() ? RunLibrary::default_dir() : runs_dir); }
};

void print(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

void print_json(const nlohmann::json& j) { print(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); }

void list(const RunsOptions& o) {
  const RunLibrary lib = o.library();
  const std::vector<RunSummary> runs = lib.list();
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RunSummary& s : runs) out.push_back(summary_json(s));
    print_json(out);
  } else if (runs.empty()) {
    print("no runs in " + lib.dir() + " (nnfs train records one per training)\n");
  } else {
    print(format_run_table(runs));
  }
}

void show(const RunsOptions& o) {
  const RunInfo run = o.library().load(o.run);
  if (o.json) print_json(run_json(run));
  else print(format_run(run));
}

void compare(const RunsOptions& o) {
  const RunLibrary lib = o.library();
  std::vector<RunInfo> runs;
  for (const std::string& r : o.runs) runs.push_back(lib.load(r));
  if (o.json) print_json(compare_json(runs));
  else print(format_compare(runs));
}

CLI::App* subcommand(CLI::App& runs, const std::shared_ptr<RunsOptions>& o, const char* name, const char* help,
                     bool json) {
  auto* cmd = runs.add_subcommand(name, help);
  cmd->add_option("--runs-dir", o->runs_dir, "Run library folder (default: $NNFS_RUNS_DIR, else "
                                             "$XDG_DATA_HOME/nnfs/runs, else ~/.local/share/nnfs/runs)");
  if (json) cmd->add_flag("--json", o->json, "Print JSON instead of a table");
  return cmd;
}

}  // namespace

void add_runs_command(CLI::App& app) {
  auto o = std::make_shared<RunsOptions>();
  auto* runs = app.add_subcommand("runs", "List, show, compare, rename and remove recorded training runs");
  runs->require_subcommand(1);

  subcommand(*runs, o, "list", "Every run of the library, newest first", true)->callback([o] { list(*o); });

  auto* show_cmd = subcommand(*runs, o, "show", "One run: settings, epochs, changes (and what is damaged)", true);
  show_cmd->add_option("run", o->run, "Run id or name")->required();
  show_cmd->callback([o] { show(*o); });

  auto* compare_cmd = subcommand(*runs, o, "compare", "Runs' epochs side by side, and the settings that differ", true);
  compare_cmd->add_option("runs", o->runs, "Run ids or names (two or more)")->required()->expected(2, 1000);
  compare_cmd->callback([o] { compare(*o); });

  auto* rm_cmd = subcommand(*runs, o, "rm", "Remove a run's folder (refused while a process writes the run)", false);
  rm_cmd->add_option("run", o->run, "Run id or name")->required();
  rm_cmd->callback([o] {
    const RunSummary s = o->library().find(o->run);
    o->library().remove(s.id);
    print("removed run " + s.name + " (" + s.id + ")\n");
  });

  auto* rename_cmd = subcommand(*runs, o, "rename", "Give a run another name", false);
  rename_cmd->add_option("run", o->run, "Run id or name")->required();
  rename_cmd->add_option("name", o->name, "The new name (unique in the library)")->required();
  rename_cmd->callback([o] {
    const RunSummary s = o->library().find(o->run);
    o->library().rename(s.id, o->name);
    print("renamed run " + s.id + ": " + s.name + " -> " + o->name + "\n");
  });
}

}  // namespace nnfs::cli
