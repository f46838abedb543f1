// init: a user's starting exactly-one.config.json and GitHub Actions workflow.
export { runInit, type InitIo, type InitRequest, type InitResult } from './run-init.ts';
export { renderConfig, writeConfigFile, type InitAnswers } from './config-file.ts';
export { renderWorkflow, WORKFLOW_PATH, type WorkflowOptions } from './workflow-template.ts';
export { completeAnswers, type GivenAnswers, type QuestionIo } from './init-questions.ts';
