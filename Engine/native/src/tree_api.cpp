// eh_tree_fit: one weighted classification tree (CART) whose every split is found by OpenCV's DTrees.
// OpenCV searches the features of a node one after another on one thread. The tree here is grown node by
// node: each node's search runs as depth-1 DTrees over disjoint feature ranges at once, and the best of
// their splits is the node's. A greedy tree's subtrees depend only on their node's rows, so this is the
// tree one DTrees call would grow, on as many cores as there are ranges. (Ranges are compared by OpenCV's split
// quality, which it hands out as a float: two ranges whose best splits differ by less than that rounding tie, and
// the lower range wins, as the first feature of the highest quality does in OpenCV's own loop.)
#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>
#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>
#include <utility>
#include <vector>
#include "errors.h"

namespace {

struct node_split {
    int feature = -1;
    float threshold = 0;
    float quality = 0;
};

// Below this many values (rows × features) a node's search runs on the calling thread: starting threads would
// cost more than the search, and deep trees are mostly such nodes.
constexpr int64_t parallel_search_values = 1 << 16;

// Joins the threads started so far however the scope is left: a joinable std::thread destroyed would terminate.
class thread_joiner {
public:
    explicit thread_joiner(std::vector<std::thread>& threads) : threads_(threads) {}
    ~thread_joiner() {
        for (auto& thread : threads_) {
            if (thread.joinable()) thread.join();
        }
    }
    thread_joiner(const thread_joiner&) = delete;
    thread_joiner& operator=(const thread_joiner&) = delete;

private:
    std::vector<std::thread>& threads_;
};

class tree_grower {
public:
    tree_grower(const float* samples, int64_t count, int32_t features, const int32_t* labels, const float* weights,
                int32_t max_depth, int32_t min_samples_split, int32_t threads, int32_t capacity, int32_t* feature,
                float* threshold, int32_t* left, int32_t* right)
        : samples_(samples),
          labels_(labels),
          weights_(weights),
          rows_(static_cast<int>(count)),
          features_(features),
          max_depth_(max_depth),
          min_samples_split_(min_samples_split),
          capacity_(capacity),
          feature_(feature),
          threshold_(threshold),
          left_(left),
          right_(right) {
        // Contiguous feature ranges in order: ties between ranges go to the lower one, as OpenCV's own loop
        // (which keeps the first feature of the highest gain) would decide them.
        const int parts = std::max(1, std::min<int>(threads, features));
        for (int p = 0; p < parts; p++) ranges_.emplace_back(features * p / parts, features * (p + 1) / parts);
    }

    int32_t grow() {
        std::vector<int> rows(static_cast<size_t>(rows_));
        for (int i = 0; i < rows_; i++) rows[static_cast<size_t>(i)] = i;
        grow(rows, 0);
        return count_;
    }

private:
    int grow(const std::vector<int>& rows, int depth) {
        eh::require(count_ < capacity_, "tree node buffer too small");
        const int index = count_++;
        feature_[index] = -1;
        threshold_[index] = 0;
        left_[index] = right_[index] = -1;
        if (depth >= max_depth_ || static_cast<int>(rows.size()) < min_samples_split_ || pure(rows)) return index;
        const node_split split = best_split(rows);
        if (split.feature < 0) return index;

        // Whichever side OpenCV calls left (its "inversed" flag), the tree handed back sends x <= t left.
        std::vector<int> lower, upper;
        for (int row : rows) {
            const bool goes_left = value(row, split.feature) <= split.threshold;
            (goes_left ? lower : upper).push_back(row);
        }
        feature_[index] = split.feature;
        threshold_[index] = split.threshold;
        left_[index] = grow(lower, depth + 1);
        right_[index] = grow(upper, depth + 1);
        return index;
    }

    float value(int row, int feature) const { return samples_[static_cast<size_t>(row) * static_cast<size_t>(features_) + static_cast<size_t>(feature)]; }

    bool pure(const std::vector<int>& rows) const {
        for (int row : rows) {
            if (labels_[row] != labels_[rows[0]]) return false;
        }
        return true;
    }

    node_split best_split(const std::vector<int>& rows) {
        std::vector<node_split> found(ranges_.size());
        std::vector<std::exception_ptr> failures(ranges_.size());
        auto search = [&](size_t part) {
            try {
                found[part] = stump(ranges_[part].first, ranges_[part].second, rows);
            } catch (...) {
                failures[part] = std::current_exception();
            }
        };
        if (static_cast<int64_t>(rows.size()) * features_ < parallel_search_values) {
            for (size_t part = 0; part < ranges_.size(); part++) search(part);
        } else {
            std::vector<std::thread> helpers;
            {
                thread_joiner joiner(helpers);
                for (size_t part = 1; part < ranges_.size(); part++) helpers.emplace_back(search, part);
                search(0);
            }
        }
        for (const auto& failure : failures) {
            if (failure) std::rethrow_exception(failure);
        }
        node_split best;
        for (const auto& candidate : found) {
            if (candidate.feature >= 0 && candidate.quality > best.quality) best = candidate;
        }
        return best;
    }

    // OpenCV's TrainData takes a sample index, but DTrees then reads values by the global row number, which
    // TrainData checks against the subset's size; so each search gets its rows and features copied out.
    node_split stump(int begin, int end, const std::vector<int>& rows) const {
        const int n = static_cast<int>(rows.size()), width = end - begin;
        cv::Mat x(n, width, CV_32F), y(n, 1, CV_32S), w(n, 1, CV_32F);
        for (int i = 0; i < n; i++) {
            const int row = rows[static_cast<size_t>(i)];
            std::copy_n(samples_ + static_cast<size_t>(row) * static_cast<size_t>(features_) + static_cast<size_t>(begin),
                        width, x.ptr<float>(i));
            y.at<int32_t>(i) = labels_[row];
            w.at<float>(i) = weights_[row];
        }
        auto data = cv::ml::TrainData::create(x, cv::ml::ROW_SAMPLE, y, cv::noArray(), cv::noArray(), w);
        auto tree = cv::ml::DTrees::create();
        tree->setMaxDepth(1);
        tree->setMinSampleCount(1);
        tree->setCVFolds(0);
        tree->setUseSurrogates(false);
        tree->setUse1SERule(false);
        tree->setTruncatePrunedTree(false);
        tree->train(data);
        const auto& splits = tree->getSplits();
        node_split result;
        if (splits.empty()) return result;
        const auto& root = tree->getNodes()[static_cast<size_t>(tree->getRoots()[0])];
        if (root.split < 0) return result;
        const auto& split = splits[static_cast<size_t>(root.split)];
        result.feature = begin + split.varIdx;
        result.threshold = split.c;
        result.quality = split.quality;
        return result;
    }

    const float* samples_;
    const int32_t* labels_;
    const float* weights_;
    int rows_, features_;
    std::vector<std::pair<int, int>> ranges_;
    int max_depth_, min_samples_split_, capacity_;
    int32_t* feature_;
    float* threshold_;
    int32_t* left_;
    int32_t* right_;
    int count_ = 0;
};

}  // namespace

EH_API eh_status eh_tree_fit(const float* samples, int64_t count, int32_t features, const int32_t* labels,
                             const float* weights, int32_t max_depth, int32_t min_samples_split, int32_t threads,
                             int32_t capacity, int32_t* node_count, int32_t* feature, float* threshold,
                             int32_t* left, int32_t* right) {
    return eh::guarded([&] {
        eh::require(samples != nullptr && labels != nullptr && weights != nullptr, "samples, labels or weights are null");
        eh::require(feature != nullptr && threshold != nullptr && left != nullptr && right != nullptr && node_count != nullptr,
                    "an output buffer is null");
        eh::require(count >= 1 && count <= 1 << 30, "count must be between 1 and 2^30");
        eh::require(features >= 1, "features must be positive");
        eh::require(max_depth >= 0 && max_depth <= 30, "max_depth must be between 0 and 30");
        eh::require(min_samples_split >= 2, "min_samples_split must be at least 2");
        eh::require(capacity >= 1, "capacity must be positive");
        for (int64_t i = 0; i < count; i++) {
            eh::require(weights[i] >= 0 && std::isfinite(weights[i]), "weights must be finite and not negative");
        }
        tree_grower grower(samples, count, features, labels, weights, max_depth, min_samples_split, threads,
                           capacity, feature, threshold, left, right);
        *node_count = grower.grow();
    });
}
