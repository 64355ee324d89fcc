// The schedule card's controls after a schedule's own parameters: a sequence's parts
// (web/controls/sequence-editor.js) and the granularity. Shared by the settings card and a run's
// own schedule (web/controls/run-own.js), whose fields carry the run's prefix ("runs.r2.").
import { sequenceEditor } from './sequence-editor.js';
import { choiceField } from './param-field.js';

/**
 * componentPanel's `extra` for schedules.
 * @param {{schedules: any[], fields: Map<string, any>, onChange: (mutate: (settings: any) => void, field: string) => void,
 *          prefix?: string}} options
 * @returns {(component: any, value: any) => Array<{field: string, name: string | null, control: any, owns?: string[]}>}
 */
export function scheduleExtra({ schedules, fields, onChange, prefix = '' }) {
  return (component, value) => {
    if (!component) return [];
    const items = [];
    // A sequence of schedules is edited as rows of parts.
    if (component.params.some((spec) => spec.kind === 'schedule_list')) {
      const editor = sequenceEditor({
        schedules, sequential: component.params.some((spec) => spec.name === 'milestones'), fields, onChange, prefix,
      });
      items.push({ field: `${prefix}schedule.parts`, name: null, owns: ['parts', 'milestones'], control: editor.control });
      if (editor.milestonesControl) items.push({ field: `${prefix}schedule.milestones`, name: 'milestones', control: editor.milestonesControl });
    }
    const granularity = choiceField({
      label: 'Evaluated per', field: `${prefix}schedule.granularity`, value: value?.granularity ?? component.default_granularity,
      // Short choices (the settings card is ~265 px wide at 1280); the Keras names under them.
      choices: ['epoch', 'step'], labels: { epoch: 'epoch', step: 'update (step)' },
      description: 'Keras: per epoch is the LearningRateScheduler callback; per update, a LearningRateSchedule given to the optimizer.',
      onChange: (v) => onChange((settings) => { settings.schedule.granularity = v; }, `${prefix}schedule.granularity`),
    });
    return [...items, { field: `${prefix}schedule.granularity`, name: 'granularity', control: granularity }];
  };
}
