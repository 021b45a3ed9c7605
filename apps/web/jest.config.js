// The app's logic (segment counting, reducers, view models) is plain TypeScript tested like
// every other package's; its own tsconfig is for the bundler, so tests compile as CommonJS.
const path = require('node:path');
const base = require('../../jest.base.js')(__dirname);

module.exports = {
  ...base,
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: {
          ...require('./tsconfig.json').compilerOptions,
          module: 'node16',
          moduleResolution: 'node16',
          jsx: 'react-jsx',
          types: ['jest', 'node'],
        },
      },
    ],
  },
  testRegex: base.testRegex.replace('\\.spec\\.ts$', '\\.spec\\.tsx?$'),
  moduleNameMapper: {
    '^@threadline/contracts/sms-segments$': '<rootDir>/../../packages/contracts/src/sms-segments.ts',
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  rootDir: path.resolve(__dirname),
};
