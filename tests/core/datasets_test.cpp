// The built-in datasets (data/*.csv): the committed copies match their checksums, and each reads
// through the CSV door with the shape and class counts its source documents (data/README.md; the
// counts are the UCI repository's, not read back from our own loader).
#include "core/datasets.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/problems.h"

namespace {

const std::string kData = std::string(LRLAB_SOURCE_DIR) + "/data/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(Datasets, TheCommittedCopiesMatchTheirChecksums) {
  const std::string command = "cd '" + kData + "' && sha256sum --quiet -c SHA256SUMS";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

lrlab::LoadedTable load_file(const std::string& name) {
  return lrlab::load_table(name, read_file(kData + name + ".csv"));
}

lrlab::DatasetSummary load(const std::string& name) {
  return load_file(name).summary;
}

// Class counts per label, from the loaded (unsplit) dataset.
std::map<int, int> class_counts(const std::string& name) {
  const lrlab::TableRef table = load_file(name).table;
  const lrlab::TableTarget target = lrlab::analyse_target(table->csv, 0, "classification");
  const lrlab::Dataset d = lrlab::table_dataset(table->csv, target);
  std::map<int, int> counts;
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    Eigen::Index label = 0;
    if (d.task == lrlab::Task::Binary)
      label = static_cast<Eigen::Index>(d.y(0, i));
    else
      d.y.col(i).maxCoeff(&label);
    ++counts[static_cast<int>(label)];
  }
  return counts;
}

TEST(Datasets, IrisHas150FlowersOf3SpeciesAndFourMeasures) {
  const lrlab::DatasetSummary s = load("iris");
  EXPECT_EQ(s.rows, 150);
  EXPECT_EQ(s.columns, 5);
  EXPECT_TRUE(s.has_header);
  EXPECT_EQ(s.column_names.back(), "species");
  EXPECT_EQ(s.target.task, lrlab::Task::MultiClass);
  EXPECT_EQ(class_counts("iris"), (std::map<int, int>{{0, 50}, {1, 50}, {2, 50}}));
}

TEST(Datasets, WineHas178WinesOf3Cultivars) {
  const lrlab::DatasetSummary s = load("wine");
  EXPECT_EQ(s.rows, 178);
  EXPECT_EQ(s.columns, 14);
  EXPECT_EQ(class_counts("wine"), (std::map<int, int>{{0, 59}, {1, 71}, {2, 48}}));
}

TEST(Datasets, BreastCancerHas212MalignantAnd357Benign) {
  const lrlab::DatasetSummary s = load("breast_cancer");
  EXPECT_EQ(s.rows, 569);
  EXPECT_EQ(s.columns, 31);
  EXPECT_EQ(s.target.task, lrlab::Task::Binary);
  EXPECT_EQ(class_counts("breast_cancer"), (std::map<int, int>{{0, 212}, {1, 357}}));
}

TEST(Datasets, DigitsIsTheUciTestPartOf1797Images) {
  const lrlab::DatasetSummary s = load("digits");
  EXPECT_EQ(s.rows, 1797);
  EXPECT_EQ(s.columns, 65);
  // optdigits.tes's class distribution as the UCI repository lists it.
  EXPECT_EQ(class_counts("digits"), (std::map<int, int>{{0, 178},
                                                        {1, 182},
                                                        {2, 177},
                                                        {3, 183},
                                                        {4, 181},
                                                        {5, 182},
                                                        {6, 181},
                                                        {7, 179},
                                                        {8, 174},
                                                        {9, 180}}));
  // Pixels are counts 0..16 of an 8x8 grid.
  const lrlab::TableRef digits = load_file("digits").table;
  for (int j = 0; j < 64; ++j)
    for (double v : digits->csv.columns[static_cast<std::size_t>(j)].values) {
      ASSERT_GE(v, 0);
      ASSERT_LE(v, 16);
    }
}

TEST(Datasets, DiabetesHas442PatientsAndARegressionTarget) {
  const lrlab::DatasetSummary s = load("diabetes");
  EXPECT_EQ(s.rows, 442);
  EXPECT_EQ(s.columns, 11);
  EXPECT_EQ(s.target.task, lrlab::Task::Regression);
  const lrlab::TableRef table = load_file("diabetes").table;
  const auto& y = table->csv.columns.back().values;
  // Efron et al.'s response ranges from 25 to 346; sex is coded 1 or 2.
  EXPECT_EQ(*std::min_element(y.begin(), y.end()), 25);
  EXPECT_EQ(*std::max_element(y.begin(), y.end()), 346);
  for (double v : table->csv.columns[1].values) EXPECT_TRUE(v == 1 || v == 2);
}

TEST(Datasets, ABuiltInNameRefusesATableOfAnotherShape) {
  const std::string wine = read_file(kData + "wine.csv");
  try {
    lrlab::load_table("iris", wine);
    ADD_FAILURE() << "wine's table loaded as iris";
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "iris: the loaded table has 178 rows, 13 features and 3 classes; data/iris.csv has "
              "150, 4 and 3 (regenerate it with scripts/datasets.sh)");
  }
}

TEST(Datasets, SettingsShapesMatchTheFiles) {
  int tables = 0;
  for (const lrlab::ProblemInfo& d : lrlab::problem_registry()) {
    if (d.source != lrlab::ProblemSource::BuiltInTable) continue;
    ++tables;
    const lrlab::TableRef table = load_file(d.name).table;
    lrlab::ProblemConfig config;
    config.name = d.name;
    const lrlab::Problem p = lrlab::make_problem(config, 3, table);
    EXPECT_EQ(p.train.size() + p.val.size(), d.rows) << d.name;
    EXPECT_EQ(p.train.inputs(), d.shape.inputs) << d.name;
    EXPECT_EQ(lrlab::problem_shape(config).inputs, d.shape.inputs) << d.name;
  }
  EXPECT_EQ(tables, 5);
  // The digits epoch: at the default 20% validation, floor(1797 * 0.2) = 359 rows validate (the
  // rounding every problem uses), so 1,438 train (scikit-learn's ceil would leave 1,437).
  lrlab::ProblemConfig digits;
  digits.name = "digits";
  EXPECT_EQ(lrlab::make_problem(digits, 1, load_file("digits").table).train.size(), 1438);
}

}  // namespace
