// FileDialog: an in-app file chooser (Debian has no native-dialog library for ImGui).
//
// Directory browsing with an extension filter, a typed path ("~/models/a.safetensors", a relative
// name or an absolute path; a folder navigates), places (home, recent folders, ...), and an
// overwrite confirmation when saving over an existing file. One instance serves every purpose;
// the caller remembers why it opened it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nnfs::studio {

class FileDialog {
 public:
  enum class Mode { Open, Save, Directory };
  struct Filter {
    std::string label;                     // "Model files (*.safetensors)"
    std::vector<std::string> extensions;   // ".safetensors"; empty = all files
  };
  struct Place {
    std::string label, path;
  };

  // Opens the dialog on the next draw(). `file_name` pre-fills the name field (Save mode).
  void open(Mode mode, std::string title, std::vector<Filter> filters, const std::string& start_dir,
            const std::string& file_name = "");
  bool is_open() const { return open_ || request_open_; }

  // Draws the modal while open; returns true on the frame the user confirmed a path (result()).
  // `enter` / `escape`: those keys were pressed since the last frame (however briefly).
  bool draw(std::span<const Place> places, bool enter, bool escape);
  const std::string& result() const { return result_; }
  const std::string& directory() const { return dir_; }
  const std::vector<Filter>& filters() const { return filters_; }

 private:
  struct Entry {
    std::string name;
    bool is_dir = false;
    std::uintmax_t size = 0;
    std::string modified;  // "2024-05-01 12:34"
  };

  void navigate(const std::string& dir);
  void refresh();
  bool accept(const std::string& typed);  // true when the dialog is done
  std::string resolve(const std::string& typed) const;
  bool matches_filter(const std::string& name) const;
  // The pieces of draw(), top to bottom.
  struct Footer {
    bool done = false, cancelled = false;
  };
  bool begin_modal();         // false: not open
  bool draw_location_row();   // true while the location field is being edited
  void draw_browser(std::span<const Place> places);
  void draw_places(std::span<const Place> places);
  void draw_entries();
  bool draw_name_row();       // true when Enter was pressed in the name field
  Footer draw_footer(bool enter, bool escape);
  bool draw_replace_question(bool enter, bool escape);  // true when Replace was chosen

  Mode mode_ = Mode::Open;
  std::string title_;
  std::vector<Filter> filters_;
  int filter_ = 0;
  bool show_hidden_ = false;
  std::string dir_;
  std::string location_;   // editable copy of dir_
  std::string name_;       // file name field
  std::vector<Entry> entries_;
  int selected_ = -1;
  std::string message_;    // inline problem ("No such file …"), cleared by the next action
  std::string overwrite_;  // path awaiting the overwrite confirmation
  std::string result_;
  bool open_ = false, request_open_ = false, focus_name_ = false;
};

}  // namespace nnfs::studio
