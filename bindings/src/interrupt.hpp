// Ctrl-C for long calls. Python runs its signal handlers only on the main
// thread and only between bytecodes: a C++ call that holds the thread for
// minutes never lets KeyboardInterrupt through. So the work runs on a thread
// of its own, with the GIL released, while the calling thread wakes every
// 100 ms to let Python look at its signals; on Ctrl-C it sets the work's
// cancel flag, waits for the work to notice (it reads the flag often) and
// raises KeyboardInterrupt.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <future>
#include <utility>

#include "reelgraph/model.hpp"

namespace reelgraph::python {

template <class Work>
auto run_interruptible(Work&& work) {
  std::atomic<bool> cancel{false};
  auto task = std::async(std::launch::async, [&] { return work(&cancel); });
  for (;;) {
    {
      pybind11::gil_scoped_release released;
      if (task.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready) break;
    }
    if (PyErr_CheckSignals() != 0) {
      cancel = true;
      {
        pybind11::gil_scoped_release released;
        task.wait();
      }
      try {
        task.get();
      } catch (const Cancelled&) {
      } catch (...) {
        // The work failed on its own before it saw the flag: the interrupt
        // is what the user asked about.
      }
      throw pybind11::error_already_set();
    }
  }
  return task.get();
}

}  // namespace reelgraph::python
