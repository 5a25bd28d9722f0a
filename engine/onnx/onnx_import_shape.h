// ONNX import: PyTorch's reshape idiom folded to a constant. `x.view(x.size(0), -1)` exported with
// a dynamic batch computes Reshape's target from the data:
//
//   Shape(x) → Gather(index 0) → Unsqueeze(axes [0]) → Concat(with [-1]) → Reshape(x, ·)
//   Shape(x) → Slice([0, 1))  →                        Concat(with [-1]) → Reshape(x, ·)
//
// Every tensor of the chain has the batch size N first, so "N" there is Reshape's 0 (copy the input's
// dimension 0): the Concat becomes the int64 constant [0, -1] and the Reshape is read as before
// (a flatten when the target is [N, -1] or [N, C·H·W]). Anything else computed from a Shape (another
// dimension, N anywhere but first, a Shape used by another op) is refused naming the node.
#pragma once

#include <map>
#include <string>

#include "engine/onnx/onnx_import_node.h"

namespace nnfs::onnx_import {

class ShapeFolder {
 public:
  // Takes `node` when it is part of a shape computation: a Shape of the data tensor `data`, or a
  // Gather, Slice, Unsqueeze or Concat of such a value. A folded Concat's result is added to
  // `chain.constants`. False (nothing done) for any other node.
  bool take(const onnx::NodeProto& node, const std::string& label, const std::string& data, Chain& chain);
  // True when `name` is a value computed from a Shape that is not folded to a constant.
  bool is_symbolic(const std::string& name) const { return values_.count(name) > 0; }

 private:
  // A symbolic value: the whole shape of a data tensor, or a short int64 vector in which
  // kBatch stands for the batch size.
  struct Value {
    bool whole_shape = false;
    bool scalar = false;
    std::vector<std::int64_t> dims;
  };
  Value gather(const NodeReader& n, const Value& in) const;
  Value slice(const NodeReader& n, const Value& in) const;
  Value unsqueeze(const NodeReader& n, const Value& in) const;
  Constant concat(const NodeReader& n, const Chain& chain) const;
  std::map<std::string, Value> values_;
};

}  // namespace nnfs::onnx_import
